"""Loading a context file: compile, run with ``View`` injected, describe its views."""

import ast
import hashlib
import inspect
import linecache
import traceback
import types

from . import View, ViewSpec, ViewStage

PARAMETER_TYPES = {bool: "bool", int: "int", float: "double", str: "string"}


class ContextProblem(Exception):
    """A problem with the file as a whole or one view, with its line."""

    def __init__(self, line, message, view=None):
        super().__init__(message)
        self.line = line
        self.message = message
        self.view = view

    def as_dict(self):
        return {"line": self.line, "message": self.message, "view": self.view}


def _unquote(annotation):
    # Under `from __future__ import annotations` the annotation text is the quoted literal.
    if isinstance(annotation, str):
        try:
            value = ast.literal_eval(annotation)
            if isinstance(value, str):
                return value
        except (ValueError, SyntaxError):
            pass
    return annotation


def _parameter_type(annotation, default):
    annotation = _unquote(annotation)
    if isinstance(annotation, str):
        annotation = {"float": float, "int": int, "bool": bool, "str": str}.get(annotation, inspect.Parameter.empty)
    if annotation in PARAMETER_TYPES:
        return PARAMETER_TYPES[annotation]
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "double"
    if isinstance(default, str):
        return "string"
    if isinstance(default, (list, tuple)) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in default):
        return "ints" if all(isinstance(v, int) for v in default) else "doubles"
    return None


def _function_sources(tree, text):
    """name -> (source text with decorators, def line, {arg: line})."""
    out = {}
    lines = text.splitlines(keepends=True)
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            start = min([d.lineno for d in node.decorator_list] + [node.lineno])
            source = "".join(lines[start - 1:node.end_lineno])
            args = {a.arg: a.lineno for a in node.args.args + node.args.kwonlyargs}
            out[node.name] = (source, node.lineno, args)
    return out


def load(text, filename, version):
    """Runs the context `text` and returns (module, [view descriptions]); raises ContextProblem(s)."""
    try:
        code = compile(text, filename, "exec", dont_inherit=True)
        tree = ast.parse(text, filename)
    except SyntaxError as error:
        raise ContextProblem(error.lineno or 0, f"syntax error: {error.msg}") from None
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    module = types.ModuleType("trainspotter_context")
    module.__file__ = filename
    module.__dict__.update({"View": View, "ViewStage": ViewStage})
    try:
        exec(code, module.__dict__)
    except Exception as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
        line = frames[-1].lineno if frames else 0
        raise ContextProblem(line, f"running the file raised {type(error).__name__}: {error}") from None
    sources = _function_sources(tree, text)
    views, problems, seen = [], [], {}
    for attribute, function in list(module.__dict__.items()):
        spec = getattr(function, "_trainspotter_view", None)
        if not isinstance(spec, ViewSpec) or not callable(function):
            continue
        name = spec.name or function.__name__
        source, line, arg_lines = sources.get(function.__name__, ("", getattr(function.__code__, "co_firstlineno", 0), {}))
        if name in seen:
            problems.append(ContextProblem(line, f"defined twice (first at line {seen[name]})", name))
            continue
        seen[name] = line
        stage = {"pool": "train", "train": "train", "reduce": "reduce"}.get(str(spec.stage).lower())
        if stage is None:
            problems.append(ContextProblem(line, f"stage must be 'pool' or 'reduce', not {spec.stage!r}", name))
            continue
        inputs, params, bad = [], [], False
        for p in inspect.signature(function).parameters.values():
            p_line = arg_lines.get(p.name, line)
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                problems.append(ContextProblem(p_line, f"*{p.name} arguments are not supported", name))
                bad = True
            elif p.default is p.empty:
                path = _unquote(p.annotation)
                if not isinstance(path, str) or not path:
                    problems.append(ContextProblem(p_line, f"argument '{p.name}' needs an input path annotation, e.g. {p.name}: 'SOURCE[key]'", name))
                    bad = True
                    continue
                inputs.append({"arg": p.name, "path": path, "line": p_line})
            else:
                kind = _parameter_type(p.annotation, p.default)
                if kind is None:
                    problems.append(ContextProblem(p_line, f"parameter '{p.name}': default {p.default!r} is not a number, bool, string or list of numbers", name))
                    bad = True
                    continue
                default = list(p.default) if isinstance(p.default, tuple) else p.default
                params.append({"name": p.name, "type": kind, "default": default, "line": p_line})
        if bad:
            continue
        digest = hashlib.sha1((name + "\0" + spec.kind + "\0" + stage + "\0" + source).encode()).hexdigest()[:12]
        views.append({"name": name, "function": function.__name__, "kind": spec.kind, "stage": stage, "hidden": spec.hidden,
                      "line": line, "hash": digest, "inputs": inputs, "params": params,
                      "properties": list(spec.properties), "_object": function})
    if problems:
        raise ContextProblems(problems)
    return module, views


class ContextProblems(Exception):
    def __init__(self, problems):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems
