"""Rule selection (select / extend_select / ignore) and per-rule settings (severity, options)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agentweaver_lint.model import Notice, Severity
from agentweaver_lint.settings import ConfigError, Setting

if TYPE_CHECKING:
    from agentweaver_lint.config import Layer

_SELECTION_KEYS = ("select", "extend_select", "ignore")


def resolve_selection(
    registry: Any, layers: list[Layer], values: dict[str, Setting]
) -> frozenset[str]:
    enabled = {code for code, rule in registry.rules.items() if rule.enabled_by_default}
    for key in _SELECTION_KEYS:
        setting = values[key]
        codes: set[str] = set()
        for selector in setting.value:
            try:
                codes.update(registry.resolve(selector))
            except KeyError:
                raise ConfigError(
                    f"{setting.source}: key '{key}': unknown rule selector '{selector}'"
                ) from None
        if key == "select" and setting.value:
            enabled = codes
        elif key == "extend_select":
            enabled |= codes
        elif key == "ignore":
            enabled -= codes
    # The gate's own findings (parse errors, crashes) stay on unless explicitly ignored.
    ignored = set()
    for selector in values["ignore"].value:
        ignored.update(registry.resolve(selector))
    enabled |= {code for code in registry.rules if code.startswith("AWL")} - ignored
    return frozenset(enabled)


def rule_settings(
    registry: Any, layers: list[Layer], notices: list[Notice]
) -> tuple[dict[str, Setting], dict[str, dict[str, Setting]]]:
    severity: dict[str, Setting] = {}
    options: dict[str, dict[str, Setting]] = {}
    for layer in layers:
        for code, table in layer.rules.items():
            rule = registry.rules.get(code)
            if rule is None:
                import difflib  # only for a suggestion

                near = difflib.get_close_matches(code, list(registry.rules), n=1)
                where = next(iter(table.values())).source if table else code
                hint = f"; did you mean '{near[0]}'?" if near else ""
                notices.append(Notice("config", f"{where}: unknown rule '{code}'{hint}"))
                continue
            declared = {option.name: option for option in rule.options}
            for name, setting in table.items():
                if name == "severity":
                    try:
                        Severity.parse(str(setting.value))
                    except ValueError as exc:
                        raise ConfigError(
                            f"{setting.source}: key 'rules.{code}.severity': {exc}"
                        ) from None
                    severity[code] = setting
                    continue
                option = declared.get(name)
                if option is None:
                    import difflib  # only for a suggestion

                    near = difflib.get_close_matches(name, [*declared, "severity"], n=1)
                    hint = f"; did you mean '{near[0]}'?" if near else ""
                    notices.append(
                        Notice(
                            "config",
                            f"{setting.source}: unknown option 'rules.{code}.{name}'{hint}",
                        )
                    )
                    continue
                options.setdefault(code, {})[name] = Setting(
                    _coerce_option(option, setting, code), setting.source
                )
    return severity, options


def _coerce_option(option: Any, setting: Setting, code: str) -> Any:
    value = setting.value
    expected = option.type
    where = f"{setting.source}: key 'rules.{code}.{option.name}'"
    if expected == list[str]:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if expected is not bool and isinstance(value, bool):
        raise ConfigError(f"{where}: expected {expected.__name__}, got {value!r}")
    if not isinstance(value, expected):
        raise ConfigError(f"{where}: expected {expected.__name__}, got {value!r}")
    return value
