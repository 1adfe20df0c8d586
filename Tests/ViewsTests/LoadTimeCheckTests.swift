import Testing
import Views
import ViewsTestSupport

/// Views files that must be rejected before data flows, each problem with its view and line.
@Suite struct LoadTimeCheckTests {
    func problems(_ yaml: String) -> [ViewProblem] {
        do {
            _ = try ViewGraph(try ViewsFile.parse(yaml, file: "test.yaml"), library: TestOperators.library)
            return []
        } catch {
            return error.problems
        }
    }

    @Test func aSoundFileCompilesInDependencyOrder() throws {
        let yaml = """
        views:
          doubled:
            operator: scale
            input: view:raw
            params: {factor: 3}
          raw:
            operator: pick
            input: SRC/A[value]
            kind: scalar
            hidden: true
          n:
            operator: count
            input: train:id
        """
        let graph = try ViewGraph(try ViewsFile.parse(yaml), library: TestOperators.library)
        #expect(graph.nodes.map(\.name) == ["raw", "doubled", "n"])
        #expect(graph["doubled"]?.parameters.double("factor") == 3)
        #expect(graph["raw"]?.hidden == true)
        #expect(graph["n"]?.stage == .reduce)
        #expect(graph["doubled"]?.kind == .scalar)
    }

    @Test func unknownOperator() {
        let p = problems("""
        views:
          a:
            operator: pick
            input: SRC/A[value]
          b:
            operator: gausian
            input: view:a
        """)
        #expect(p.count == 1)
        #expect(p.first?.kind == .unknownOperator)
        #expect(p.first?.view == "b")
        #expect(p.first?.location.line == 6)
        #expect(p.first?.description.hasPrefix("test.yaml:6: view 'b': unknown operator 'gausian'") == true)
    }

    @Test func unknownAndBadParameters() {
        let p = problems("""
        views:
          a:
            operator: scale
            input: SRC/A[value]
            params:
              factr: 2
          b:
            operator: scale
            input: SRC/A[value]
            params:
              factor: fast
          c:
            operator: scale
            input: SRC/A[value]
            params:
              factor: .inf
        """)
        #expect(p.map(\.kind) == [.unknownParameter, .badParameter, .badParameter])
        #expect(p.map(\.view) == ["a", "b", "c"])
        #expect(p.map(\.location.line) == [6, 11, 16])
        #expect(p[2].message.contains("finite"))
    }

    @Test func missingViewReference() {
        let p = problems("""
        views:
          a:
            operator: scale
            input: view:nothere
        """)
        #expect(p.map(\.kind) == [.missingView])
        #expect(p.first?.view == "a")
        #expect(p.first?.location.line == 4)
    }

    @Test func cycles() {
        let p = problems("""
        views:
          a:
            operator: scale
            input: view:c
          b:
            operator: scale
            input: view:a
          c:
            operator: scale
            input: view:b
          d:
            operator: scale
            input: view:c
          e:
            operator: pick
            input: SRC/A[value]
        """)
        #expect(p.allSatisfy { $0.kind == .cycle })
        #expect(Set(p.compactMap(\.view)) == ["a", "b", "c", "d"])
        #expect(p.first { $0.view == "a" }?.message.contains("part of a cycle") == true)
        #expect(p.first { $0.view == "d" }?.message.contains("depends on a cycle") == true)
        #expect(p.first { $0.view == "b" }?.location.line == 5)
    }

    @Test func kindMismatch() {
        let p = problems("""
        views:
          profile:
            operator: ramp
            input: SRC/A[value]
          wrong:
            operator: needs_image
            input: view:profile
          declared:
            operator: ramp
            input: SRC/A[value]
            kind: image
        """)
        #expect(p.map(\.kind) == [.kindMismatch, .kindMismatch])
        #expect(p.map(\.view) == ["wrong", "declared"])
        #expect(p[0].location.line == 7)
        #expect(p[0].message.contains("needs image but view:profile is a vector"))
        #expect(p[1].location.line == 11)
    }

    @Test func entriesThatAreNotViews() {
        let p = problems("""
        views:
          a:
            operator: scale
            input: not a path
          c:
            operator: scale
            input: SRC/A[value]
            colour: red
          d:
            input: SRC/A[value]
        """)
        #expect(p.map(\.kind) == [.badPath, .badEntry, .badEntry])
        #expect(p.map(\.view) == ["a", "c", "d"])
        #expect(p.map(\.location.line) == [4, 8, 10])
    }

    @Test func inputsThatDoNotFitTheOperator() {
        let p = problems("""
        views:
          b:
            operator: sum2
          d:
            operator: sum2
            inputs:
              a: SRC/A[value]
              z: SRC/A[value]
        """)
        #expect(p.map(\.kind) == [.missingInput, .unknownInput])
        #expect(p.map(\.view) == ["b", "d"])
        #expect(p.map(\.location.line) == [2, 8])
    }

    @Test func duplicateViewsAndYAMLSyntax() {
        let dup = problems("""
        views:
          a:
            operator: pick
            input: SRC/A[value]
          a:
            operator: pick
            input: SRC/A[value]
        """)
        #expect(dup.map(\.kind) == [.duplicateView])
        #expect(dup.first?.location.line == 5)
        let syntax = problems("views:\n  a:\n    operator: [pick\n")
        #expect(syntax.map(\.kind) == [.syntax])
        #expect(syntax.first?.location.line ?? 0 > 0)
    }
}
