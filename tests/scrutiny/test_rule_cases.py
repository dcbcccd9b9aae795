"""The rules' golden cases (cardinal-rs style): every case of ``tests/scrutiny/cases/<RULE-ID>.json`` is run through
its rule and the hits compared with what the case expects; and the meta-tests that keep the registry and the cases
in step (STYLE.md §7.6).

A case marked ``known_disagreement`` records where the rule departs from RULES.md or its own docstring: it is
expected to fail (strict), so fixing the rule makes it pass and the mark must then be removed.
"""
import inspect
import re

import pytest
from flask_babel import force_locale

from gemcell.scrutiny.models import Severity
from gemcell.scrutiny.rules import REGISTRY, Hit, rule
from tests.scrutiny.casefacts import (CASE_KEYS, case_files, compare_hits, iter_cases, load_case_file,
                                      settings_from_json, subject_from_json)


def _params():
    params = []
    for rule_id, case in iter_cases():
        marks = []
        if case.get('known_disagreement'):
            marks.append(pytest.mark.xfail(strict=True, reason=case['known_disagreement']))
        params.append(pytest.param(rule_id, case, id=f'{rule_id}::{case.get("name")}', marks=marks))
    return params


def run_case(rule_id: str, case: dict) -> list[Hit]:
    rule_ = REGISTRY[rule_id]
    return rule_.run(subject_from_json(rule_.on, case['subject']), settings_from_json(case.get('settings')))


@pytest.mark.parametrize(('rule_id', 'case'), _params())
def test_rule_case(rule_id, case):
    assert rule_id in REGISTRY, f'case file for unknown rule {rule_id}'
    problems = compare_hits(case['expect'], run_case(rule_id, case))
    assert not problems, '\n'.join(problems)


# -- meta-tests ---------------------------------------------------------------------------------------------------
def _agreed(cases: list[dict]) -> list[dict]:
    return [case for case in cases if not case.get('known_disagreement')]


@pytest.mark.parametrize('rule_id', sorted(REGISTRY))
def test_every_rule_has_flagged_and_unflagged_cases(rule_id):
    path = case_files().get(rule_id)
    assert path is not None, f'{rule_id} has no tests/scrutiny/cases/{rule_id}.json'
    cases = _agreed(load_case_file(path)['cases'])
    assert any(case['expect'] for case in cases), f'{rule_id}: no case where the rule flags'
    assert any(not case['expect'] for case in cases), f'{rule_id}: no case where the rule stays silent'


@pytest.mark.parametrize('rule_id', sorted(case_files()))
def test_case_file_is_well_formed(rule_id):
    assert rule_id in REGISTRY, f'tests/scrutiny/cases/{rule_id}.json: no rule {rule_id} in the registry'
    data = load_case_file(case_files()[rule_id])
    assert set(data) == {'rule', 'cases'}
    assert data['rule'] == rule_id, 'the file name and its "rule" differ'
    names = [case.get('name') for case in data['cases']]
    assert all(names), 'every case needs a name'
    assert len(names) == len(set(names)), 'case names repeat'
    for case in data['cases']:
        assert set(case) <= CASE_KEYS, f'{case["name"]}: unknown keys {sorted(set(case) - CASE_KEYS)}'
        assert {'subject', 'expect'} <= set(case), f'{case["name"]}: subject and expect are required'
        assert isinstance(case['expect'], list)
        # the facts can be built (a typo in a field name is an error here, not a silently empty field)
        subject_from_json(REGISTRY[rule_id].on, case['subject'])
        settings_from_json(case.get('settings'))


@pytest.mark.parametrize('rule_id', sorted(REGISTRY))
def test_every_rule_has_a_what_why_docstring(rule_id):
    doc = inspect.getdoc(REGISTRY[rule_id].check) or ''
    assert re.search(r'\bWhat\b', doc), f'{rule_id}: the docstring does not say What the rule checks'
    assert re.search(r'\bWhy\b', doc), f'{rule_id}: the docstring does not say Why it is a red flag'


@pytest.mark.parametrize('rule_id', sorted(REGISTRY))
def test_every_rule_has_title_message_and_source(app, rule_id):
    rule_ = REGISTRY[rule_id]
    assert re.fullmatch(r'[A-Z0-9]+(?:-[A-Z0-9+]+)+', rule_.id)
    assert isinstance(rule_.severity, Severity)
    assert rule_.on in ('bid', 'order', 'orders')
    with app.app_context(), force_locale('en'):
        for name in ('title', 'message', 'source'):
            value = getattr(rule_, name)
            assert value is not None and str(value).strip(), f'{rule_id}: no {name}'


@pytest.mark.parametrize(('rule_id', 'case'), [
    pytest.param(rule_id, case, id=f'{rule_id}::{case["name"]}')
    for rule_id, case in iter_cases() if case['expect'] and not case.get('known_disagreement')])
def test_message_renders_with_the_hit_params(app, rule_id, case):
    """Every parameter the message names is in the hit's params (else ``render`` falls back to the title)."""
    rule_ = REGISTRY[rule_id]
    with app.app_context(), force_locale('en'):
        for hit in run_case(rule_id, case):
            names = set(re.findall(r'%\((\w+)\)', str(rule_.message)))
            assert names <= set(hit.params), f'{rule_id}: message needs {sorted(names - set(hit.params))}'
            text = rule_.render(hit.evidence())
            assert text != str(rule_.title) and '%(' not in text


def test_rule_ids_are_unique():
    existing = next(iter(REGISTRY))
    before = dict(REGISTRY)

    def impostor(bid, settings):
        """What: nothing. Why: a second rule under an existing id must be refused."""

    with pytest.raises(ValueError, match='duplicate rule id'):
        rule(existing, Severity.info, 'title', 'message')(impostor)
    assert REGISTRY == before
    assert all(REGISTRY[rule_id] is before[rule_id] for rule_id in before)
    assert REGISTRY[existing].check is not impostor
