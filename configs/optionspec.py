"""Translation options: load the one table (options.toml), parse PyPy-style command-line
options against it, and resolve presets, requirements and conflicts into one value per option.

Used by `configs/translate` (the driver users call) and by the unit tests. Every error is a
`OptionError` whose message is one line naming what is wrong and what would be valid.
"""
from __future__ import annotations

import difflib
import pathlib
import re
import tomllib
from dataclasses import dataclass, field

TABLE_PATH = pathlib.Path(__file__).with_name("options.toml")
DEFAULT_PRESET = "default"


class OptionError(Exception):
    """A bad option, value or combination; the message is one line."""


@dataclass(frozen=True)
class Option:
    name: str
    type: str  # "bool" | "int" | "choice"
    default: object
    doc: str
    cxx: str
    values: tuple = ()
    min: int | None = None
    max: int | None = None
    requires: tuple = ()  # ((other, value), ...)
    requires_reason: str = ""
    conflicts: tuple = ()
    conflicts_reason: str = ""

    def parse(self, text: str | None) -> object:
        """Parses a command-line value for this option (None: the flag was given bare)."""
        if self.type == "bool":
            if text is None:
                return True
            lowered = text.lower()
            if lowered in ("true", "yes", "on", "1"):
                return True
            if lowered in ("false", "no", "off", "0"):
                return False
            raise OptionError(f"bad value '{text}' for --{self.name}; valid: true, false")
        if text is None:
            raise OptionError(f"--{self.name} needs a value, e.g. --{self.name}={self.default}; "
                              f"{self.describe_valid()}")
        if self.type == "choice":
            if text not in self.values:
                raise OptionError(f"bad value '{text}' for --{self.name}; "
                                  f"{self.describe_valid()}")
            return text
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise OptionError(f"bad value '{text}' for --{self.name}; {self.describe_valid()}")
        number = int(text)
        if not self.min <= number <= self.max:
            raise OptionError(f"value {number} for --{self.name} is out of range; "
                              f"{self.describe_valid()}")
        return number

    def describe_valid(self) -> str:
        if self.type == "bool":
            return "valid: true, false"
        if self.type == "choice":
            return "valid: " + ", ".join(self.values)
        return f"valid: an integer from {self.min} to {self.max}"

    def format(self, value: object) -> str:
        if self.type == "bool":
            return "true" if value else "false"
        return str(value)


@dataclass
class Table:
    options: dict[str, Option]
    presets: dict[str, dict]  # name -> {"doc": str, "values": {option: value}}

    def option(self, name: str) -> Option:
        if name not in self.options:
            close = difflib.get_close_matches(name, self.options, n=1)
            hint = f" (did you mean --{close[0]}?)" if close else ""
            raise OptionError(f"unknown option '--{name}'{hint}; valid options: "
                              + ", ".join("--" + n for n in self.options)
                              + ", --preset, -o")
        return self.options[name]


def load_table(path: pathlib.Path = TABLE_PATH) -> Table:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    options = {}
    for name, spec in raw["options"].items():
        options[name] = Option(
            name=name, type=spec["type"], default=spec["default"], doc=spec["doc"],
            cxx=spec["cxx"], values=tuple(spec.get("values", ())),
            min=spec.get("min"), max=spec.get("max"),
            requires=tuple(tuple(r) for r in spec.get("requires", ())),
            requires_reason=spec.get("requires_reason", ""),
            conflicts=tuple(tuple(c) for c in spec.get("conflicts", ())),
            conflicts_reason=spec.get("conflicts_reason", ""))
    return Table(options=options, presets=raw["presets"])


@dataclass
class Request:
    """What the user asked for: a preset plus explicit option values, in command-line order."""
    preset: str = DEFAULT_PRESET
    explicit: dict[str, object] = field(default_factory=dict)


def parse_option_args(table: Table, args: list[str]) -> Request:
    """Parses `--preset=NAME`, `--NAME[=VALUE]` and `--no-NAME` (booleans) into a Request."""
    request = Request()
    for arg in args:
        match = re.fullmatch(r"--([A-Za-z0-9_-]+)(?:=(.*))?", arg)
        if not match:
            raise OptionError(f"unexpected argument '{arg}'; options look like --NAME or "
                              "--NAME=VALUE (see --help)")
        name, text = match.group(1), match.group(2)
        if name == "preset":
            if text not in table.presets:
                raise OptionError(f"bad value '{text}' for --preset; valid: "
                                  + ", ".join(table.presets))
            request.preset = text
            continue
        negated = False
        if name.startswith("no-") and name not in table.options:
            name, negated = name[3:], True
        option = table.option(name)
        if negated:
            if option.type != "bool" or text is not None:
                raise OptionError(f"--no-{name} only applies to boolean options")
            value = False
        else:
            value = option.parse(text)
        request.explicit[name] = value
    return request


def resolve(table: Table, request: Request) -> tuple[dict[str, object], list[str]]:
    """Returns (value of every option, notes about adjustments made).

    Explicit options beat the preset. A requirement or conflict between an explicit option and
    a preset value adjusts the preset value (with a note); between two explicit options it is
    an error.
    """
    values = {name: opt.default for name, opt in table.options.items()}
    values.update(table.presets[request.preset]["values"])
    values.update(request.explicit)
    notes: list[str] = []

    def fix(option: Option, other: str, wanted: object, relation: str, reason: str) -> bool:
        """Makes values[other] == wanted if allowed; returns True if something changed.

        `relation` reads "--option RELATION --other=...": "requires" names the wanted value,
        "conflicts with" names the current (bad) one.
        """
        if values[other] == wanted:
            return False
        shown = table.options[other].format(wanted if relation == "requires" else values[other])
        what = f"--{option.name} {relation} --{other}={shown} ({reason})"
        if other in request.explicit:
            if option.name in request.explicit or relation == "requires":
                raise OptionError(what if relation != "requires" else
                                  f"{what[:-1]}), but --{other}="
                                  f"{table.options[other].format(values[other])} was given")
            # The other option was explicit and this one came from the preset: drop this one.
            values[option.name] = table.options[option.name].default
            notes.append(f"--{option.name} turned off: {what}")
            return True
        values[other] = wanted
        notes.append(f"--{other} set to {table.options[other].format(wanted)}: {what}")
        return True

    for _ in range(len(values) + 1):  # a fixpoint: each round settles at least one relation
        changed = False
        for option in table.options.values():
            if option.type != "bool" or not values[option.name]:
                continue
            for other, wanted in option.requires:
                changed |= fix(option, other, wanted, "requires", option.requires_reason)
            for other, bad in option.conflicts:
                if values[option.name] and values[other] == bad:
                    changed |= fix(option, other, not bad, "conflicts with",
                                   option.conflicts_reason)
        if not changed:
            break
    return values, notes


def cxx_literal(option: Option, value: object) -> tuple[str, str]:
    """(C++ type, C++ literal) for an option's value."""
    if option.type == "bool":
        return "bool", "true" if value else "false"
    if option.type == "int":
        return "long", str(value)
    return "std::string_view", '"' + str(value) + '"'


def render_header(table: Table, values: dict[str, object]) -> str:
    """The generated C++ header: one constexpr per option, the --info table, static_asserts."""
    lines = [
        "// Generated by configs/translate (configs/optionspec.py) from configs/options.toml."
        " Do not edit.",
        "// The translation options of this variant as constexpr values, used with `if constexpr`",
        "// so that disabled paths still compile in every build (DESIGN.md §8).",
        "#pragma once",
        "#include <string_view>",
        "",
        "namespace pyl::config {",
        "",
    ]
    for option in table.options.values():
        ctype, literal = cxx_literal(option, values[option.name])
        lines.append(f"// --{option.name}: {option.doc}")
        lines.append(f"inline constexpr {ctype} {option.cxx} = {literal};")
    lines += ["", "struct TranslationOption {", "  std::string_view name;",
              "  std::string_view value;", "  std::string_view doc;", "};", "",
              "// Every option with its value, in table order: what `--info` prints.",
              "inline constexpr TranslationOption kTranslationOptions[] = {"]
    for option in table.options.values():
        doc = option.doc.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'    {{"{option.name}", "{option.format(values[option.name])}", "{doc}"}},')
    lines += ["};", ""]
    for option in table.options.values():
        for other, wanted in option.requires:
            _, literal = cxx_literal(table.options[other], wanted)
            lines.append(f"static_assert(!{option.cxx} || {table.options[other].cxx} == "
                         f"{literal}, \"--{option.name} requires --{other}: "
                         f"{option.requires_reason}\");")
        for other, bad in option.conflicts:
            _, literal = cxx_literal(table.options[other], bad)
            lines.append(f"static_assert(!({option.cxx} && {table.options[other].cxx} == "
                         f"{literal}), \"--{option.name} conflicts with --{other}: "
                         f"{option.conflicts_reason}\");")
    lines += ["", "}  // namespace pyl::config", ""]
    return "\n".join(lines)
