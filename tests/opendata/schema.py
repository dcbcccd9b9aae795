"""The OCDS 1.1.5 release schema (vendored in tests/data/ocds, Apache 2.0) with the bid extension and gemcell's own
extension applied as JSON Merge Patches (RFC 7386), and a Draft 4 validator for releases and release packages."""
import copy
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

DATA = Path(__file__).parent.parent / 'data' / 'ocds'
EXTENSION = Path(__file__).parent.parent.parent / 'gemcell' / 'opendata' / 'extension'


def merge_patch(target, patch):
    """RFC 7386: objects merge member by member, ``null`` removes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding='utf-8'))


@cache
def release_schema() -> dict:
    schema = _load(DATA / 'release-schema.json')
    schema = merge_patch(schema, _load(DATA / 'bid-extension-release-schema.json'))
    return merge_patch(schema, _load(EXTENSION / 'release-schema.json'))


@cache
def release_validator() -> Draft4Validator:
    return Draft4Validator(release_schema())


@cache
def package_validator() -> Draft4Validator:
    package = _load(DATA / 'release-package-schema.json')
    release = release_schema()
    registry = Registry().with_resource(release['id'], Resource.from_contents(release, default_specification=DRAFT4))
    return Draft4Validator(package, registry=registry)


def errors(validator: Draft4Validator, document) -> list[str]:
    return [f'{"/".join(map(str, e.absolute_path))}: {e.message}' for e in validator.iter_errors(document)]
