"""Parses every .tf file under a folder with python-hcl2 and prints them as one JSON object,
path (relative, /-separated) -> parsed body. A file that does not parse fails the run,
naming the file. Given several folders (one interpreter start for all), it prints one
object per folder, each on its own line, in the order given."""

import json
import pathlib
import sys

import hcl2


def dump(root: str) -> bool:
    base = pathlib.Path(root)
    parsed = {}
    for path in sorted(base.rglob("*.tf")):
        name = path.relative_to(base).as_posix()
        try:
            with path.open(encoding="utf-8") as handle:
                parsed[name] = hcl2.load(handle)
        except Exception as error:  # noqa: BLE001 - any parser error names the file
            print(f"{root}/{name}: {type(error).__name__}: {error}", file=sys.stderr)
            return False
    json.dump(parsed, sys.stdout)
    print()
    return True


def main(roots: list[str]) -> int:
    return 0 if all([dump(root) for root in roots]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
