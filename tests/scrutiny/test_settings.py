"""Thresholds by effective date: the version in force on, and either side of, each date RULES.md gives; before the
first version; when the day is not known; and an administrator's versions merged with the shipped ones."""
from datetime import date, timedelta
from decimal import Decimal

import pytest

from gemcell.scrutiny.models import Threshold
from gemcell.scrutiny.settings import DEFAULTS, Settings, Version, title, unit


@pytest.fixture
def settings():
    return Settings.defaults()


def _at(settings, name, day):
    version = settings.at(name, date.fromisoformat(day) if day else None)
    return version.value, version.source


@pytest.mark.parametrize(('name', 'day', 'value', 'source'), [
    # GFR 149, 02.04.2019 (OM F.1/26/2018-PPD) and 10.07.2024 (OM F.1/3/2024-PPD)
    ('gfr149.direct_limit', '2019-04-01', 50000, 'GFR-149-V0'),
    ('gfr149.direct_limit', '2019-04-02', 25000, 'GFR-149-V1'),
    ('gfr149.direct_limit', '2019-04-03', 25000, 'GFR-149-V1'),
    ('gfr149.direct_limit', '2024-07-09', 25000, 'GFR-149-V1'),
    ('gfr149.direct_limit', '2024-07-10', 50000, 'GFR-149-V2'),
    ('gfr149.direct_limit', '2024-07-11', 50000, 'GFR-149-V2'),
    ('gfr149.l1_limit', '2019-04-01', 3000000, 'GFR-149-V0'),
    ('gfr149.l1_limit', '2019-04-02', 500000, 'GFR-149-V1'),
    ('gfr149.l1_limit', '2019-04-03', 500000, 'GFR-149-V1'),
    ('gfr149.l1_limit', '2024-07-09', 500000, 'GFR-149-V1'),
    ('gfr149.l1_limit', '2024-07-10', 1000000, 'GFR-149-V2'),
    ('gfr149.l1_limit', '2024-07-11', 1000000, 'GFR-149-V2'),
    # automobiles kept 30 lakh in V1
    ('gfr149.l1_limit_automobile', '2019-04-01', 3000000, 'GFR-149-V0'),
    ('gfr149.l1_limit_automobile', '2019-04-02', 3000000, 'GFR-149-V1'),
    ('gfr149.l1_limit_automobile', '2024-07-09', 3000000, 'GFR-149-V1'),
    ('gfr149.l1_limit_automobile', '2024-07-10', 1000000, 'GFR-149-V2'),
    # GFR 171: 12.11.2020 (COVID-19, 3%), 01.01.2022 (back to 5-10%), 03.04.2023 (3-10%), 01.01.2024 (3-5%)
    ('epbg.min_percent', '2020-11-11', 5, 'GFR-171-V0'),
    ('epbg.min_percent', '2020-11-12', 3, 'GFR-171-COVID'),
    ('epbg.min_percent', '2020-11-13', 3, 'GFR-171-COVID'),
    ('epbg.min_percent', '2021-12-31', 3, 'GFR-171-COVID'),
    ('epbg.min_percent', '2022-01-01', 5, 'GFR-171-V0'),
    ('epbg.min_percent', '2023-04-02', 5, 'GFR-171-V0'),
    ('epbg.min_percent', '2023-04-03', 3, 'GFR-171-2023'),
    ('epbg.min_percent', '2023-12-31', 3, 'GFR-171-2023'),
    ('epbg.min_percent', '2024-01-01', 3, 'GFR-171-2024'),
    ('epbg.min_percent', '2024-01-02', 3, 'GFR-171-2024'),
    ('epbg.max_percent', '2020-11-11', 10, 'GFR-171-V0'),
    ('epbg.max_percent', '2020-11-12', 3, 'GFR-171-COVID'),
    ('epbg.max_percent', '2023-12-31', 10, 'GFR-171-2023'),
    ('epbg.max_percent', '2024-01-01', 5, 'GFR-171-2024'),
    ('epbg.max_percent', '2024-01-02', 5, 'GFR-171-2024'),
    # GFR 170 (25.07.2017) and the single-version thresholds
    ('emd.min_percent', '2017-07-24', 2, 'GFR-170-RANGE'),
    ('emd.min_percent', '2017-07-25', 2, 'GFR-170-RANGE'),
    ('emd.max_percent', '2024-07-10', 5, 'GFR-170-RANGE'),
    ('gem.min_bid_days', '2024-07-10', 10, 'GEM-BIDCYCLE'),
    ('tender.min_bid_days', '2024-07-10', 21, 'GFR-161-TIME'),
    ('cardinal.r003_min_days', '2024-07-10', 15, 'CARD-R003'),
    ('mse.preference_percent', '2024-07-10', 15, 'PPP-MSE-L1+15'),
    ('mii.margin_percent', '2024-07-10', 20, 'MII-MARGIN'),
    ('split.window_days', '2024-07-10', 30, 'GFR-149-SPLIT'),
])
def test_version_in_force_on_a_day(settings, name, day, value, source):
    assert _at(settings, name, day) == (Decimal(value), source)
    assert settings.value(name, date.fromisoformat(day)) == Decimal(value)


@pytest.mark.parametrize(('name', 'value', 'source'), [
    ('gfr149.direct_limit', 50000, 'GFR-149-V0'),
    ('gfr149.l1_limit', 3000000, 'GFR-149-V0'),
    ('epbg.min_percent', 5, 'GFR-171-V0'),
    ('epbg.max_percent', 10, 'GFR-171-V0'),
    ('emd.min_percent', 2, 'GFR-170-RANGE'),
])
def test_before_the_first_version_the_first_applies(settings, name, value, source):
    assert _at(settings, name, '2010-01-01') == (Decimal(value), source)
    day_before = settings.versions[name][0].effective_from - timedelta(days=1)
    assert _at(settings, name, day_before.isoformat()) == (Decimal(value), source)


@pytest.mark.parametrize(('name', 'value', 'source'), [
    ('gfr149.direct_limit', 50000, 'GFR-149-V2'),
    ('gfr149.l1_limit', 1000000, 'GFR-149-V2'),
    ('gfr149.l1_limit_automobile', 1000000, 'GFR-149-V2'),
    ('epbg.min_percent', 3, 'GFR-171-2024'),
    ('epbg.max_percent', 5, 'GFR-171-2024'),
    ('split.window_days', 30, 'GFR-149-SPLIT'),
])
def test_day_not_known_takes_the_latest(settings, name, value, source):
    assert _at(settings, name, None) == (Decimal(value), source)


def test_every_shipped_threshold_has_a_title_a_unit_and_dated_versions(app, settings):
    assert set(settings.versions) == set(DEFAULTS)
    with app.app_context():
        for name, versions in settings.versions.items():
            assert str(title(name)).strip()
            assert unit(name) in ('inr', 'days', 'percent', 'times')
            assert versions and all(v.is_default for v in versions)
            days = [v.effective_from for v in versions]
            assert days == sorted(days) and len(set(days)) == len(days), name


def test_as_evidence():
    version = Settings.defaults().at('gfr149.direct_limit', date(2024, 7, 10))
    assert version.as_evidence('gfr149.direct_limit') == {
        'name': 'gfr149.direct_limit', 'value': '50000', 'effective_from': '2024-07-10', 'version': 'GFR-149-V2'}


def test_versions_are_sorted_whatever_order_they_come_in():
    settings = Settings({'x': [Version(date(2024, 1, 1), Decimal(3), 'B'), Version(date(2020, 1, 1), Decimal(1), 'A')]})
    assert [v.source for v in settings.versions['x']] == ['A', 'B']
    assert settings.at('x', date(2023, 12, 31)).source == 'A'
    assert settings.at('x', date(2024, 1, 1)).source == 'B'


def test_load_without_rows_is_the_defaults(db):
    loaded, shipped = Settings.load(db.session), Settings.defaults()
    assert loaded.versions == shipped.versions


def test_load_merges_an_administrators_versions(db):
    db.session.add_all([
        # replaces the shipped V2 of the same date
        Threshold(name='gfr149.direct_limit', effective_from=date(2024, 7, 10), value=Decimal('60000'),
                  source='UP GO 26.11.2024 (test)'),
        # a new version after it
        Threshold(name='gfr149.direct_limit', effective_from=date(2025, 4, 1), value=Decimal('75000'),
                  source='OM of 01.04.2025 (test)'),
        # a threshold the code does not ship
        Threshold(name='test.new_limit', effective_from=date(2025, 1, 1), value=Decimal('7'), source='test'),
    ])
    db.session.flush()
    settings = Settings.load(db.session)

    versions = settings.versions['gfr149.direct_limit']
    assert [(v.effective_from, v.value, v.source, v.is_default) for v in versions] == [
        (date(2017, 3, 8), Decimal(50000), 'GFR-149-V0', True),
        (date(2019, 4, 2), Decimal(25000), 'GFR-149-V1', True),
        (date(2024, 7, 10), Decimal(60000), 'UP GO 26.11.2024 (test)', False),
        (date(2025, 4, 1), Decimal(75000), 'OM of 01.04.2025 (test)', False),
    ]
    assert _at(settings, 'gfr149.direct_limit', '2024-07-09') == (Decimal(25000), 'GFR-149-V1')
    assert _at(settings, 'gfr149.direct_limit', '2024-07-10') == (Decimal(60000), 'UP GO 26.11.2024 (test)')
    assert _at(settings, 'gfr149.direct_limit', '2025-03-31') == (Decimal(60000), 'UP GO 26.11.2024 (test)')
    assert _at(settings, 'gfr149.direct_limit', '2025-04-01') == (Decimal(75000), 'OM of 01.04.2025 (test)')
    assert _at(settings, 'gfr149.direct_limit', None) == (Decimal(75000), 'OM of 01.04.2025 (test)')
    assert settings.at('gfr149.direct_limit', date(2025, 4, 1)).as_evidence('gfr149.direct_limit')['value'] \
        in ('75000', '75000.000')
    # other thresholds are untouched
    assert settings.versions['gfr149.l1_limit'] == Settings.defaults().versions['gfr149.l1_limit']
    assert _at(settings, 'test.new_limit', '2025-06-01') == (Decimal(7), 'test')
