/// Parses expression text into an ``Expression`` (recursive descent).
///
/// ```
/// comparison := sum [("<" | "<=" | ">" | ">=" | "==" | "!=") sum]
/// sum        := product (("+" | "-") product)*
/// product    := unary (("*" | "/") unary)*
/// unary      := ("-" | "+") unary | primary
/// primary    := NUMBER | NAME | NAME "(" comparison ("," comparison)* ")" | "(" comparison ")"
/// ```
/// `×`, `÷` and `−` are accepted for `*`, `/` and `-`. Comparisons do not chain.
public struct ExpressionParser {
    enum Token: Equatable {
        case number(Double), name(String), op(String), open, close, comma, end
    }

    var tokens: [(token: Token, column: Int)] = []
    var position = 0

    /// Parses `text`.
    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser()
        parser.tokens = try tokenize(text)
        let e = try parser.comparison()
        guard case .end = parser.peek.token else {
            throw ExpressionError("unexpected \(describe(parser.peek.token)) after a complete expression", column: parser.peek.column)
        }
        return e
    }

    static func describe(_ t: Token) -> String {
        switch t {
        case let .number(d): return "number \(d)"
        case let .name(n): return "name '\(n)'"
        case let .op(o): return "'\(o)'"
        case .open: return "'('"
        case .close: return "')'"
        case .comma: return "','"
        case .end: return "end of expression"
        }
    }

    static func tokenize(_ text: String) throws(ExpressionError) -> [(token: Token, column: Int)] {
        let chars = Array(text.unicodeScalars)
        var out: [(Token, Int)] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
        func isNameStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.properties.isAlphabetic }
        while i < chars.count {
            let c = chars[i], column = i + 1
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                var j = i
                while j < chars.count, isDigit(chars[j]) { j += 1 }
                if j < chars.count, chars[j] == "." { j += 1; while j < chars.count, isDigit(chars[j]) { j += 1 } }
                if j < chars.count, chars[j] == "e" || chars[j] == "E" {
                    var k = j + 1
                    if k < chars.count, chars[k] == "+" || chars[k] == "-" { k += 1 }
                    guard k < chars.count, isDigit(chars[k]) else { throw ExpressionError("malformed exponent in a number", column: j + 1) }
                    while k < chars.count, isDigit(chars[k]) { k += 1 }
                    j = k
                }
                var s = ""
                s.unicodeScalars.append(contentsOf: chars[i..<j])
                guard let d = Double(s) else { throw ExpressionError("malformed number '\(s)'", column: column) }
                if j < chars.count, isNameStart(chars[j]) { throw ExpressionError("a number must not run into a name", column: j + 1) }
                out.append((.number(d), column))
                i = j
                continue
            }
            if isNameStart(c) {
                var j = i
                while j < chars.count, isNameStart(chars[j]) || isDigit(chars[j]) { j += 1 }
                var s = ""
                s.unicodeScalars.append(contentsOf: chars[i..<j])
                out.append((.name(s), column))
                i = j
                continue
            }
            let next: Unicode.Scalar? = i + 1 < chars.count ? chars[i + 1] : nil
            switch c {
            case "(": out.append((.open, column))
            case ")": out.append((.close, column))
            case ",": out.append((.comma, column))
            case "+": out.append((.op("+"), column))
            case "-", "\u{2212}": out.append((.op("-"), column))
            case "*", "\u{00D7}":
                if next == "*" { throw ExpressionError("'**' (power) is not supported", column: column) }
                out.append((.op("*"), column))
            case "/", "\u{00F7}": out.append((.op("/"), column))
            case "<", ">":
                if next == "=" { out.append((.op(String(c) + "="), column)); i += 1 } else { out.append((.op(String(c)), column)) }
            case "=", "!":
                guard next == "=" else { throw ExpressionError("'\(c)' must be followed by '=' (comparisons are == and !=)", column: column) }
                out.append((.op(String(c) + "="), column))
                i += 1
            default:
                throw ExpressionError("unexpected character '\(c)'", column: column)
            }
            i += 1
        }
        out.append((.end, chars.count + 1))
        return out
    }

    var peek: (token: Token, column: Int) { tokens[min(position, tokens.count - 1)] }

    mutating func advance() -> (token: Token, column: Int) {
        let t = peek
        position += 1
        return t
    }

    mutating func comparison() throws(ExpressionError) -> Expression {
        let left = try sum()
        if case let .op(o) = peek.token, let op = ExpressionOperator(rawValue: o), op.isComparison {
            _ = advance()
            let right = try sum()
            if case let .op(o2) = peek.token, let op2 = ExpressionOperator(rawValue: o2), op2.isComparison {
                throw ExpressionError("comparisons do not chain; use parentheses", column: peek.column)
            }
            return .binary(op, left, right)
        }
        return left
    }

    mutating func sum() throws(ExpressionError) -> Expression {
        var e = try product()
        while case let .op(o) = peek.token, o == "+" || o == "-" {
            _ = advance()
            e = .binary(o == "+" ? .add : .subtract, e, try product())
        }
        return e
    }

    mutating func product() throws(ExpressionError) -> Expression {
        var e = try unary()
        while case let .op(o) = peek.token, o == "*" || o == "/" {
            _ = advance()
            e = .binary(o == "*" ? .multiply : .divide, e, try unary())
        }
        return e
    }

    mutating func unary() throws(ExpressionError) -> Expression {
        if case let .op(o) = peek.token, o == "-" || o == "+" {
            _ = advance()
            let operand = try unary()
            return o == "-" ? .negate(operand) : operand
        }
        return try primary()
    }

    mutating func primary() throws(ExpressionError) -> Expression {
        let (token, column) = advance()
        switch token {
        case let .number(d): return .number(d)
        case let .name(n):
            guard case .open = peek.token else {
                if ExpressionFunction(rawValue: n) != nil { throw ExpressionError("function '\(n)' needs arguments in parentheses", column: column) }
                return .variable(n, column: column)
            }
            guard let f = ExpressionFunction(rawValue: n) else {
                throw ExpressionError("unknown function '\(n)' (functions: \(ExpressionFunction.allCases.map(\.rawValue).joined(separator: ", ")))", column: column)
            }
            _ = advance()
            var args = [try comparison()]
            while case .comma = peek.token {
                _ = advance()
                args.append(try comparison())
            }
            guard case .close = peek.token else { throw ExpressionError("expected ')' or ',' but found \(ExpressionParser.describe(peek.token))", column: peek.column) }
            _ = advance()
            guard f.arities.contains(args.count) else {
                throw ExpressionError("\(n) takes \(f.arities.lowerBound == f.arities.upperBound ? "\(f.arities.lowerBound)" : "\(f.arities.lowerBound) or \(f.arities.upperBound)") argument\(f.arities.upperBound > 1 ? "s" : ""), not \(args.count)", column: column)
            }
            return .call(f, args, column: column)
        case .open:
            let e = try comparison()
            guard case .close = peek.token else { throw ExpressionError("expected ')' but found \(ExpressionParser.describe(peek.token))", column: peek.column) }
            _ = advance()
            return e
        default:
            throw ExpressionError("expected a number, a name or '(' but found \(ExpressionParser.describe(token))", column: column)
        }
    }
}
