"""The raw counts read from the AST's string literals equal ``radon.raw.analyze``.

Each test checks two things: :func:`raw_metrics` (what the check uses, tokenizer fallback
included) equals radon, and the fast reading alone (:func:`counted_without_tokenizer`)
equals radon wherever it vouches, and does vouch where it should, so the fallback cannot
hide a wrong fast count.
"""

from __future__ import annotations

import ast

import pytest
from cpx_sources import LAYOUTS, Module, fixture_modules, own_modules, parsed, stdlib_sample

from agentweaver_lint.checks.complexity.raw import maintainability
from agentweaver_lint.checks.complexity.raw_fast import (
    FAST_PATH,
    counted_without_tokenizer,
    raw_metrics,
)
from agentweaver_lint.checks.complexity.string_tokens import Doubt, is_one_literal
from agentweaver_lint.checks.complexity.tree_metrics import measure_tree

fast_path_only = pytest.mark.skipif(
    not FAST_PATH, reason="Python >= 3.12 counts with its C tokenizer (f-strings differ)"
)


def _radon(text: str) -> tuple[int, ...]:
    from radon.raw import analyze as radon_analyze

    return tuple(radon_analyze(text))


def _fields(metrics: object) -> tuple[int, ...]:
    return tuple(vars(metrics).values())


def _check(modules: list[Module]) -> tuple[int, list[str]]:
    """Assert both counts equal radon's; return how many the fast reading vouched for,
    and the modules it left to the tokenizer."""
    vouched, declined = 0, []
    for name, text, tree in modules:
        expected = _radon(text)
        strings = measure_tree(tree).strings
        assert _fields(raw_metrics(text, strings)) == expected, name
        fast = counted_without_tokenizer(text, strings)
        if fast is None:
            declined.append(name)
        else:
            assert _fields(fast) == expected, name
            vouched += 1
    return vouched, declined


@fast_path_only
def test_layouts_and_fixtures_are_counted_fast_and_equal_radon() -> None:
    modules = fixture_modules()
    vouched, declined = _check(modules)
    # A blank line ending a "\" continuation is left to the tokenizer, on purpose.
    assert [name.rsplit("/", 1)[-1] for name in declined] == ["continuation_then_blank.py"]
    assert vouched == len(modules) - 1 >= 5


@fast_path_only
def test_layouts_with_crlf_line_ends_equal_radon() -> None:
    modules = [
        (name, text.replace("\n", "\r\n"), tree)
        for name, text, tree in parsed(LAYOUTS.glob("*.py"))
    ]
    vouched, declined = _check(modules)
    assert vouched == len(modules) - len(declined) and len(declined) == 1


@fast_path_only
def test_our_sources_equal_radon() -> None:
    modules = own_modules()
    vouched, declined = _check(modules)
    assert declined == [] and vouched > 100


@fast_path_only
def test_stdlib_sample_equals_radon() -> None:
    modules = stdlib_sample()
    vouched, _declined = _check(modules)
    assert vouched >= 0.9 * len(modules)  # a fast path that quietly gave up would fail here


def test_the_check_path_equals_radon_on_every_python() -> None:
    """Whatever the interpreter (the fast path is off from 3.12), raw_metrics is radon's."""
    for name, text, tree in fixture_modules():
        assert _fields(raw_metrics(text, measure_tree(tree).strings)) == _radon(text), name


@pytest.mark.parametrize(
    ("source", "fast"),
    [
        ("", True),
        ("# only a comment", True),
        ("x = 1", True),  # no final line end
        ("'''doc'''\n\n\n", True),
        ("x = ('a'  # c\n     'b')\n", True),  # concatenated across a comment
        ("x = 'it\\'s'  # an escaped quote\n", True),
        ("if x: y = {1: 2}; z = 3\n", True),  # ";" runs are tokenized alone
        ("x = 1 + \\\n    2\n", True),
        ("x = 1 \\\n\ny = 2\n", False),  # blank line after "\": radon's run grows on
        ("x = 1\n\x0c\ndef f():\n    return 1\n", False),  # form feed: str.splitlines breaks
        ("x = 1  # \u2028 odd break in a comment\n", False),
        ("x = 1\ry = 2\n", False),  # a lone carriage return
        ("x = '''a\nb'''\r\ny = 1\r\n", True),  # "\r\n" ends, "\n" inside a string
        ("é = 'ü'  # ß\nd = {'ß': (1,\n      2)}\n", True),  # byte columns
        ("x = f'{a!r:>{w}}' f\"{b['k']}\"\n", True),
    ],
)
def test_small_modules_equal_radon(source: str, fast: bool) -> None:
    tree = ast.parse(source)
    strings = measure_tree(tree).strings
    assert _fields(raw_metrics(source, strings)) == _radon(source)
    if FAST_PATH:
        counted = counted_without_tokenizer(source, strings)
        assert (counted is not None) is fast
        assert counted is None or _fields(counted) == _radon(source)


def test_maintainability_equals_radon_mi_visit() -> None:
    from radon.metrics import mi_visit

    for name, text, tree in fixture_modules():
        assert maintainability(tree, text).mi == pytest.approx(mi_visit(text, True), abs=1e-9), name


@pytest.mark.parametrize(
    ("text", "single"),
    [
        ('""', True),
        ("''''''", True),
        ('rb"x"', True),
        ('"""a "b" c"""', True),
        ('"""ends escaped\\""""', True),
        ("f\"{x['a']}\"", True),
        ('"a" "b"', False),
        ('"""a""" """b"""', False),
        ("'a\\'b'", False),  # maybe several: the tokenizer splits it
        ("'a' \"b\"", False),
    ],
)
def test_one_literal_or_maybe_several(text: str, single: bool) -> None:
    assert is_one_literal(text) is single


def test_a_span_that_is_no_string_raises_doubt() -> None:
    with pytest.raises(Doubt):
        is_one_literal("name")
