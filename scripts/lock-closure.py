"""Prints, as JSON, what the running environment resolved for the given requirements.

Run by scripts/lock-requirements.mjs inside a venv where the requirements are installed:
`python lock-closure.py 'django' 'psycopg[binary]' ...` prints
{"versions": {distribution: version}, "closures": {requirement: [dependency, ...]}}.
A closure is every distribution the requirement pulls in (not itself), found by walking
importlib.metadata's Requires-Dist with their markers evaluated for this interpreter and
the requested extras. Names are normalized as PEP 503 says (lowercase, runs of -_. as -).

The locked files carry no markers, so one lock serves Linux images and macOS laptops only
when no dependency is needed on one of them alone: a requirement whose marker holds on
another of OTHER_PLATFORMS but not here, and whose distribution the lock lacks, is listed
under "gaps" (scripts/lock-requirements.mjs then refuses the lock).
"""

import json
import re
import sys
from importlib import metadata

# pip vendors packaging: using it keeps the environment exactly what was locked.
from pip._vendor.packaging.requirements import Requirement

# Installed by venv itself: recorded only when a requirement needs one of them.
VENV_TOOLS = {"pip", "setuptools", "wheel"}

# The platforms a project's lock must serve besides this one (marker variables that differ).
OTHER_PLATFORMS = {
    "macOS arm64": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64"},
    "macOS x86_64": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "x86_64"},
    "Linux aarch64": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64"},
    "Linux x86_64": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64"},
}


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, metadata.Distribution]:
    return {normalize(dist.metadata["Name"]): dist for dist in metadata.distributions()}


def applies(requirement: Requirement, extras: frozenset[str], platform: dict[str, str] | None = None) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({**(platform or {}), "extra": extra}) for extra in {"", *extras})


def elsewhere(requirement: Requirement, extras: frozenset[str]) -> list[str]:
    """The other platforms where a requirement that does not apply here applies."""
    return [label for label, platform in OTHER_PLATFORMS.items() if applies(requirement, extras, platform)]


GAPS: list[str] = []


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
            elif normalize(requirement.name) not in dists and (platforms := elsewhere(requirement, extras)):
                GAPS.append(f"{name} needs {requirement} on {', '.join(platforms)}")
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
    gaps = sorted(set(GAPS))
    json.dump({"versions": versions, "closures": closures, "gaps": gaps}, sys.stdout, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
