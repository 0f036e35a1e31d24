"""Prints, as JSON, what the running environment resolved for the given requirements.

Run by scripts/lock-requirements.mjs inside a venv where the requirements are installed:
`python lock-closure.py 'django' 'psycopg[binary]' ...` prints
{"versions": {distribution: version}, "closures": {requirement: [dependency, ...]}}.
A closure is every distribution the requirement pulls in (not itself), found by walking
importlib.metadata's Requires-Dist with their markers evaluated for this interpreter and
the requested extras. Names are normalized as PEP 503 says (lowercase, runs of -_. as -).
"""

import json
import re
import sys
from importlib import metadata

# pip vendors packaging: using it keeps the environment exactly what was locked.
from pip._vendor.packaging.requirements import Requirement

# Installed by venv itself: recorded only when a requirement needs one of them.
VENV_TOOLS = {"pip", "setuptools", "wheel"}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, metadata.Distribution]:
    return {normalize(dist.metadata["Name"]): dist for dist in metadata.distributions()}


def applies(requirement: Requirement, extras: frozenset[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in {"", *extras})


def closure(root: Requirement, dists: dict[str, metadata.Distribution]) -> list[str]:
    found: set[str] = set()
    seen: set[tuple[str, frozenset[str]]] = set()
    pending = [(normalize(root.name), frozenset(root.extras))]
    while pending:
        name, extras = pending.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        dist = dists.get(name)
        if dist is None:
            raise SystemExit(f"{name} is required but not installed")
        for line in dist.requires or []:
            requirement = Requirement(line)
            if applies(requirement, extras):
                dependency = normalize(requirement.name)
                found.add(dependency)
                pending.append((dependency, frozenset(requirement.extras)))
    found.discard(normalize(root.name))
    return sorted(found)


def main(requirements: list[str]) -> None:
    dists = installed()
    closures = {line: closure(Requirement(line), dists) for line in requirements}
    required = {name for names in closures.values() for name in names}
    versions = {
        name: dist.version
        for name, dist in sorted(dists.items())
        if name not in VENV_TOOLS or name in required
    }
    json.dump({"versions": versions, "closures": closures}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
