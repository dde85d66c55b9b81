"""Tests of configs/: the option table, the resolution rules, and the translate driver.

The build test translates two real variants into the build tree under test (the shared tree
variants are designed for) and checks that their `--info` differs in exactly the options given.
Run by ctest with PYL_BUILD_DIR set; runs alone with `python3 -m unittest` too (no build test).
"""
import os
import pathlib
import subprocess
import sys
import unittest

REPO = pathlib.Path(__file__).resolve().parents[2]
TRANSLATE = REPO / "configs" / "translate"
sys.path.insert(0, str(REPO / "configs"))
sys.dont_write_bytecode = True
import optionspec  # noqa: E402


def translate(*args, build_dir=None):
    command = [sys.executable, str(TRANSLATE), *args]
    if build_dir is not None:
        command += ["--build-dir", str(build_dir)]
    return subprocess.run(command, capture_output=True, text=True, timeout=1800)


class OptionErrors(unittest.TestCase):
    def assert_one_line_error(self, result, *fragments):
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertTrue(lines[0].startswith("translate: error: "), lines[0])
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        self.assertEqual(result.stdout, "")

    def test_unknown_option(self):
        self.assert_one_line_error(translate("--objspace-std-nosuchthing", "-o", "x"),
                                   "unknown option '--objspace-std-nosuchthing'",
                                   "--objspace-std-withsmalllong")

    def test_unknown_option_without_output_still_names_the_option(self):
        result = translate("--objspace-std-nosuchthing", "-o", "x")
        self.assertIn("valid options", result.stderr)

    def test_bad_choice_value(self):
        self.assert_one_line_error(translate("--opt=3", "-o", "x"), "'3'", "0, 2, jit")

    def test_bad_int_value(self):
        self.assert_one_line_error(translate("--objspace-std-methodcachesizeexp=99", "-o", "x"),
                                   "out of range", "4 to 20")
        self.assert_one_line_error(translate("--gc-stress=lots", "-o", "x"), "'lots'")

    def test_bad_bool_value(self):
        self.assert_one_line_error(translate("--objspace-std-withmapdict=maybe", "-o", "x"),
                                   "true, false")

    def test_bad_preset(self):
        self.assert_one_line_error(translate("--preset=fast", "-o", "x"), "minimal, default, all")

    def test_conflicting_explicit_options(self):
        self.assert_one_line_error(
            translate("--objspace-std-withsmalllong", "--objspace-std-withprebuiltint", "-o", "x"),
            "conflicts with")

    def test_explicit_requirement_violated(self):
        self.assert_one_line_error(
            translate("--objspace-std-withmapdict", "--no-objspace-std-withmethodcache", "-o", "x"),
            "requires --objspace-std-withmethodcache=true")

    def test_missing_output(self):
        self.assert_one_line_error(translate("--opt=2"), "-o NAME")

    def test_help_lists_every_option_with_doc_and_default(self):
        result = translate("--help")
        self.assertEqual(result.returncode, 0)
        table = optionspec.load_table()
        for option in table.options.values():
            self.assertIn(option.name, result.stdout)
            self.assertIn(option.doc, result.stdout)
            self.assertIn(f"(default: {option.format(option.default)})", result.stdout)


class Resolution(unittest.TestCase):
    def setUp(self):
        self.table = optionspec.load_table()

    def resolve(self, *args):
        return optionspec.resolve(self.table, optionspec.parse_option_args(self.table, list(args)))

    def test_presets_are_self_consistent(self):
        for preset in self.table.presets:
            values, notes = self.resolve(f"--preset={preset}")
            self.assertEqual(notes, [], f"preset {preset} needs adjusting: {notes}")

    def test_minimal_turns_every_strategy_off(self):
        values, _ = self.resolve("--preset=minimal")
        for name, option in self.table.options.items():
            if option.type == "bool":
                self.assertFalse(values[name], name)

    def test_requirement_is_applied_to_preset_values(self):
        values, notes = self.resolve("--preset=minimal", "--objspace-std-withmapdict")
        self.assertTrue(values["objspace-std-withmethodcache"])
        self.assertEqual(len(notes), 1)

    def test_explicit_option_beats_conflicting_preset_value(self):
        values, notes = self.resolve("--preset=all", "--objspace-std-withprebuiltint")
        self.assertTrue(values["objspace-std-withprebuiltint"])
        self.assertFalse(values["objspace-std-withsmalllong"])
        self.assertEqual(len(notes), 1)

    def test_no_prefix_and_explicit_false_agree(self):
        a, _ = self.resolve("--no-objspace-std-withmapdict")
        b, _ = self.resolve("--objspace-std-withmapdict=false")
        self.assertEqual(a, b)
        self.assertFalse(a["objspace-std-withmapdict"])

    def test_header_declares_every_option_and_checks_relations(self):
        values, _ = self.resolve("--preset=default")
        header = optionspec.render_header(self.table, values)
        for option in self.table.options.values():
            self.assertIn(f" {option.cxx} = ", header)
        self.assertIn("static_assert(!(kWithSmallLong && kWithPrebuiltInt == true)", header)
        self.assertIn("static_assert(!kWithMapDict || kWithMethodCache == true", header)


def info_lines(binary):
    result = subprocess.run([str(binary), "--info"], capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"{binary} --info failed: {result.stderr}")
    return result.stdout.splitlines()


@unittest.skipUnless(os.environ.get("PYL_BUILD_DIR"), "needs PYL_BUILD_DIR (run through ctest)")
class BuildVariants(unittest.TestCase):
    def test_two_option_sets_give_binaries_differing_exactly_in_those_options(self):
        build_dir = pathlib.Path(os.environ["PYL_BUILD_DIR"])
        out = build_dir / "tests-configs-out"
        a = translate("--preset=default", "-o", str(out / "ci-variant-a"), build_dir=build_dir)
        self.assertEqual(a.returncode, 0, a.stdout + a.stderr)
        b = translate("--preset=default", "--objspace-std-withsmalllong", "--opt=2",
                      "--objspace-std-methodcachesizeexp=8", "-o", str(out / "ci-variant-b"),
                      build_dir=build_dir)
        self.assertEqual(b.returncode, 0, b.stdout + b.stderr)
        self.assertEqual(pathlib.Path(a.stdout.strip().splitlines()[-1]), out / "ci-variant-a")
        info_a, info_b = info_lines(out / "ci-variant-a"), info_lines(out / "ci-variant-b")
        self.assertEqual(len(info_a), len(info_b))
        differing = {}
        for line_a, line_b in zip(info_a, info_b):
            if line_a != line_b:
                name_a, value_a = (part.strip() for part in line_a.split("=", 1))
                name_b, value_b = (part.strip() for part in line_b.split("=", 1))
                self.assertEqual(name_a, name_b)
                differing[name_a] = (value_a, value_b)
        self.assertEqual(differing, {
            "opt": ("jit", "2"),
            "objspace-std-withsmalllong": ("false", "true"),
            "objspace-std-methodcachesizeexp": ("11", "8"),
        })

    def test_bad_option_builds_nothing(self):
        build_dir = pathlib.Path(os.environ["PYL_BUILD_DIR"])
        result = translate("--objspace-std-nosuchthing", "-o", "ci-never-built",
                           build_dir=build_dir)
        self.assertEqual(result.returncode, 2)
        self.assertFalse((build_dir / "variants" / "ci-never-built").exists())


if __name__ == "__main__":
    unittest.main()
