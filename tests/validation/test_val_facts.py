"""The inventory on the workers' facts equals the inventory that parses every candidate."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from agentweaver_lint.checks.validation import pyindex
from agentweaver_lint.checks.validation.guard import Problems
from agentweaver_lint.checks.validation.pyhandlers import python_handlers
from agentweaver_lint.checks.validation.pyindex import PyIndex, PyModule, collect_names
from agentweaver_lint.checks.validation.pymodfacts import FACT, FactIndex, module_fact
from agentweaver_lint.config import load_settings
from agentweaver_lint.gate import workspace_options
from agentweaver_lint.workspace import SourceFile, build_workspace

FIXTURES = Path(__file__).parents[1] / "fixtures" / "validation"

EXTRA = {
    # Not a view: a form and a model; nothing to scan here.
    "blog/extras.py": (
        "from django import forms\nfrom blog.models import Post\n\n\n"
        "class PostForm(forms.ModelForm):\n    class Meta:\n        model = Post\n"
    ),
    # A view reached only through a repository base in another module, and a star import.
    "blog/bases.py": "from django.views import View\n\n\nclass Base(View):\n    pass\n",
    "blog/more.py": (
        "from django.http import JsonResponse\n\nfrom blog.bases import *\n\n\n"
        "class Later(Base):\n"
        "    def post(self, request):\n        return JsonResponse(request.POST['x'])\n"
    ),
    "blog/broken.py": "from django import forms\ndef f(:\n",
}


def _python(root: Path) -> list[SourceFile]:
    settings = load_settings(root)
    workspace = build_workspace(root, workspace_options(settings))
    return [
        f for f in workspace.files if f.language == "python" and not f.roles & {"test", "migration"}
    ]


def _facts(files: list[SourceFile]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for file in files:
        tree = file.python_tree
        if tree is None:
            out[file.path] = {FACT: {"error": True}}
            continue
        name, package = pyindex.module_name(file.path)
        module = PyModule(file.path, name, tree, package)
        collect_names(module)
        out[file.path] = {FACT: module_fact(module)}
        file.release()
    return out


def test_handlers_from_facts_equal_handlers_from_parsing(tmp_path: Path, monkeypatch: Any) -> None:
    root = tmp_path / "django"
    shutil.copytree(FIXTURES / "django", root)
    for path, text in EXTRA.items():
        (root / path).write_text(text)
    files = _python(root)
    parsed: list[str] = []
    original = PyIndex.load

    def noting(self: PyIndex, file: SourceFile) -> PyModule | None:
        parsed.append(file.path)
        return original(self, file)

    plain = python_handlers(files, files, Problems())
    facts = _facts(_python(root))
    monkeypatch.setattr(PyIndex, "load", noting)
    files = _python(root)
    with_facts = python_handlers(files, files, Problems(), facts)
    assert [h.as_json() for h in with_facts[0]] == [h.as_json() for h in plain[0]]
    assert with_facts[1] == plain[1] == {"django", "drf"}
    assert any(h.qualname == "Later.post" for h in plain[0])
    assert "blog/extras.py" not in parsed and "blog/more.py" in parsed


def test_fact_resolution_equals_the_index(tmp_path: Path) -> None:
    root = tmp_path / "django"
    shutil.copytree(FIXTURES / "django", root)
    for path, text in EXTRA.items():
        (root / path).write_text(text)
    files = _python(root)
    index = PyIndex(files)
    names = FactIndex(files, _facts(_python(root)))
    compared = 0
    for file in files:
        module = index.load(file)
        if module is None:
            assert names.names(file) is None
            continue
        known = names.names(file)
        assert known is not None
        for cls_name, cls in module.classes.items():
            assert names.class_bases(known, cls_name) == index.class_bases(module, cls)
            compared += 1
        for local in [*module.imports, *module.functions, *module.classes, *module.assigns]:
            found, fact = index.resolve(module, local), names.resolve(known, local)
            assert (found is None) == (fact is None), (file.path, local)
            if found is not None and fact is not None:
                assert (found.module.path, found.kind, found.name) == (
                    fact.module.path,
                    fact.kind,
                    fact.name,
                )
    assert compared >= 8


def test_url_call_test_equals_the_word_boundary_regex() -> None:
    import re

    from agentweaver_lint.checks.validation.pydjango import has_url_call

    regex = re.compile(r"\b(?:re_path|path|url|register)\s*\(")
    texts = [
        "xre_path(",
        "re_path(",
        "é path(",
        "épath(",
        "_path(",
        "path  (",
        "path\n(",
        "9url(",
        ".register(",
        "path",
        "(path(",
        "xpath(path(",
        "filepath(x); url (y)",
    ] + [p.read_text("utf-8") for p in sorted(Path(__file__).parents[2].rglob("*.py"))[:400]]
    assert [has_url_call(t) for t in texts] == [bool(regex.search(t)) for t in texts]
    assert sum(has_url_call(t) for t in texts) >= 8


def test_url_calls_are_walked_in_the_order_of_a_whole_walk() -> None:
    import ast

    from agentweaver_lint.checks.validation.pydjango import _url_call_nodes
    from agentweaver_lint.checks.validation.pyindex import last_name

    tricky = {
        "decorated.py": "@router.register('a', V)\nclass V:\n    pass\n",
        "nested.py": "def f():\n    def g():\n        return [path('b', g), url('c', f)]\n",
        "late.py": "x = 1\nurlpatterns = [\n    path(\n        'd',\n        v,\n    ),\n]\n",
        "cr.py": "x = 1\ry = path('e', v)\n",
        "none.py": "filepath('f', v)\n",
        "order.py": "a = wrap(wrap(path('g', v)))\nb = path('h', w)\n",  # breadth first
    }
    sources = list(tricky.items()) + [
        (p.name, p.read_text("utf-8")) for p in sorted(FIXTURES.rglob("*.py"))
    ]
    names = {"path", "re_path", "url", "register"}
    compared = 0
    for path, text in sources:
        tree = ast.parse(text)
        module = PyModule(path, path[:-3], tree, False, text.split("\n"))

        def calls(nodes: Any) -> list[int]:
            return [id(n) for n in nodes if isinstance(n, ast.Call) and last_name(n.func) in names]

        whole = calls(ast.walk(tree))
        assert calls(_url_call_nodes(module)) == whole, path
        compared += len(whole)
    assert compared >= 10
