"""The eleven cardinal indicators: every golden case of cardinal (tests/data/cardinal, MIT) through the command,
with the settings its file name sets plus the two global settings every cardinal fixture run sets, compared with
``.expected`` exactly; and hand-computed cases for the indicators cardinal ships no fixture for here."""
from pathlib import Path

import pytest

from gemcell.indicators.compute import compute, mul_add, quantile
from gemcell.indicators.settings import CODES, Settings, SettingsError, fixture_ini, read_ini

FIXTURES = Path(__file__).parent.parent / 'data' / 'cardinal'


@pytest.mark.parametrize('fixture', sorted(FIXTURES.glob('*.jsonl')), ids=lambda p: p.stem)
def test_cardinal_fixture_through_the_command(runner, tmp_path, fixture):
    settings = tmp_path / 'settings.ini'
    settings.write_text(fixture_ini(fixture.stem))
    result = runner.invoke(args=['gemcell', 'indicators', str(fixture), '--settings', str(settings), '--no-meta'])
    assert result.exit_code == 0, result.output
    expected = fixture.with_suffix('.expected').read_text().strip()
    assert result.stdout.strip() == expected


def test_fixture_names_set_the_settings():
    assert fixture_ini('R003-threshold-10').endswith('[R003]\nthreshold = 10\n')
    settings = read_ini(fixture_ini('R003-procurement_method_details-x-5-y-10'))
    assert settings.enabled == {'R003'}
    assert settings.r003_procurement_method_details == {'x': 5, 'y': 10}
    assert settings.no_price_comparison_procurement_methods == {'NPC'}
    assert settings.excluded_procurement_method_details == {'EXC'}
    assert read_ini(fixture_ini('R003-procurement_methods-open+selective')).r003_procurement_methods == {
        'open', 'selective'}
    assert read_ini(fixture_ini('R038-tenderer')).enabled == {'R038'}


def test_a_whole_settings_file_as_cardinal_init_writes_it():
    """The file ``ocdscardinal init`` writes: every section present (so every indicator runs), the keys commented
    out (so the defaults apply), and the ``prepare`` command's sections, which the indicators leave alone."""
    text = """; currency = USD
[defaults]
; currency = USD
[redactions]
[corrections]
[modifications]
[codelists.bid_status]
; qualified = valid
[codelists.award_status]
[exclusions]
; procurement_method_details = Random Selection
[R003]
; threshold = 15
[R003.procurement_method_details]
[R018]
[R024]
[R025]
[R028]
[R030]
[R035]
[R036]
[R038]
[R048]
; digits = 2
[R058]
"""
    settings = read_ini(text)
    assert settings.enabled == frozenset(CODES)
    assert settings == Settings.defaults()


def test_ini_errors_are_named(runner, tmp_path):
    with pytest.raises(SettingsError, match=r'\[R024\] threshold'):
        read_ini('[R024]\nthreshold = high\n')
    with pytest.raises(SettingsError, match='unknown setting colour'):
        read_ini('[R003]\ncolour = red\n')
    with pytest.raises(SettingsError, match=r'unknown section \[R999\]'):
        read_ini('[R999]\n')
    bad = tmp_path / 'bad.ini'
    bad.write_text('[R048]\ndigits = two\n')
    data = tmp_path / 'empty.jsonl'
    data.write_text('')
    result = runner.invoke(args=['gemcell', 'indicators', str(data), '--settings', str(bad)])
    assert result.exit_code == 2 and 'digits' in result.output


def test_invalid_lines_are_reported_and_skipped(runner, tmp_path):
    data = tmp_path / 'r.jsonl'
    data.write_text('{"ocid":"a","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}\nnot json\n\n'
                    '{"ocid":7,"tender":{"numberOfTenderers":1,"procurementMethod":"open"}}\n')
    result = runner.invoke(args=['gemcell', 'indicators', str(data), '--no-meta'])
    assert result.exit_code == 0
    assert result.stdout.strip() == '{"OCID":{"a":{"R018":1.0}}}'
    assert 'line 2 is invalid JSON' in result.stderr


def test_quantiles_are_statrs_r8_and_fences_fused():
    # R-8 on 1..4: h = (4 + 1/3)·0.25 + 1/3 = 1.4166…, so Q1 = 1 + 0.4166…·(2 − 1)
    h = (4 + 1.0 / 3.0) * 0.25 + 1.0 / 3.0
    assert quantile([4.0, 1.0, 3.0, 2.0], 0.25) == 1.0 + (h - 1) * (2.0 - 1.0)
    assert quantile([1.0], 0.75) == 1.0
    assert quantile([], 0.25) != quantile([], 0.25)  # NaN
    # one rounding: 0.1·10 − 1 is 0 in two roundings, the representation error of 0.1 in one
    assert 0.1 * 10 - 1 == 0.0
    assert mul_add(0.1, 10.0, -1.0) == 5.551115123125783e-17


def _bid(tenderer, amount, status='valid', currency='INR', **extra):
    return {'status': status, 'tenderers': [{'id': tenderer}], 'value': {'amount': amount, 'currency': currency},
            **extra}


def _process(ocid, winner, bids, **extra):
    return {'ocid': ocid, 'bids': {'details': bids}, 'awards': [{'status': 'active', 'suppliers': [{'id': winner}]}],
            **extra}


def test_r024_and_r058_second_lowest_bid_ratio():
    # ratios 0.5 (ten times), 0.01 and 3.0: R-8 puts Q1 between the 3rd and 4th values and Q3 between the 9th and
    # 10th, all 0.5, so both fences are 0.5: 0.01 (and every 0.5) ≤ 0.5 for R024, 3.0 (and every 0.5) ≥ 0.5 for R058
    releases = [_process(f'p{i}', 'W', [_bid('W', 100), _bid('L', 150)]) for i in range(10)]
    releases.append(_process('close', 'W', [_bid('W', 100), _bid('C', 101), _bid('D', 500, 'disqualified')]))
    releases.append(_process('far', 'W', [_bid('W', 100), _bid('F', 400)]))
    releases.append(_process('not lowest', 'W', [_bid('W', 100), _bid('X', 90)]))  # the winner is not the lowest
    result = compute(releases, Settings.defaults(['R024', 'R058']))
    assert result.second_lowest_bid_ratios == {**{f'p{i}': 0.5 for i in range(10)}, 'close': 0.01, 'far': 3.0}
    assert result.meta['R024'] == {'q1': 0.5, 'q3': 0.5, 'lower_fence': 0.5}
    assert result.results['OCID']['close'] == {'R024': 0.01}
    assert result.results['OCID']['far'] == {'R058': 3.0}
    assert result.results['OCID']['p0'] == {'R024': 0.5, 'R058': 0.5}
    assert result.results['Tenderer']['C'] == {'R024': 0.0}
    assert 'not lowest' not in result.results['OCID']


def test_r025_excessive_unsuccessful_bids():
    # A bids in 8 processes and wins 1; V wins the other 7; O1..O6 each win a process of their own.
    releases = [_process('a0', 'A', [_bid('A', 100)])]
    releases += [_process(f'a{i}', 'V', [_bid('A', 100), _bid('V', 90)]) for i in range(1, 8)]
    releases += [_process(f'o{i}', f'O{i}', [_bid(f'O{i}', 10)]) for i in range(1, 7)]
    result = compute(releases, Settings.defaults(['R025']))
    fraction = result.r025_tenderer['A']
    assert (fraction.numerator, fraction.denominator) == (1, 8)
    # valid bids 8, 7, 1×6: the 75th percentile is 1 + (6.5833… − 6)·(7 − 1) = 4.5
    assert result.meta['R025']['upper_fence'] == pytest.approx(4.5)
    # ratios 1/8 and 1×7: Q1 = Q3 = 1, the lower fence is 1, so V (7 bids, ratio 1 ≤ 1) is flagged with A
    assert result.meta['R025']['lower_fence'] == 1.0
    assert result.results['Tenderer'] == {'A': {'R025': 0.125}, 'V': {'R025': 1.0}}
    settings = Settings.defaults(['R025'])
    settings.r025_threshold = 0.5  # a fixed lower fence
    assert compute(releases, settings).results['Tenderer'] == {'A': {'R025': 0.125}}


def test_r028_identical_prices_r030_late_winner():
    releases = [
        {'ocid': 'same', 'bids': {'details': [_bid('A', 500), _bid('B', 500.0), _bid('C', 500, 'withdrawn')]}},
        {'ocid': 'own', 'bids': {'details': [_bid('A', 500), _bid('A', 500)]}},
        {'ocid': 'late', 'tender': {'tenderPeriod': {'endDate': '2025-01-10T12:00:00Z'}},
         'bids': {'details': [_bid('L', 1, date='2025-01-10T12:00:01Z'), _bid('M', 2, date='2025-01-11T00:00:00Z',
                                                                              status='disqualified')]},
         'awards': [{'status': 'active', 'suppliers': [{'id': 'L'}]}]},
    ]
    result = compute(releases, Settings.defaults(['R028', 'R030']))
    assert result.output(meta=False) == {
        'OCID': {'same': {'R028': 1.0}, 'late': {'R030': 1.0}},
        'Tenderer': {'A': {'R028': 1.0}, 'B': {'R028': 1.0}, 'L': {'R030': 1.0}}}


def test_r038_and_r048_by_organisation():
    releases = []
    for i in range(4):  # buyers B0..B3: 2 processes of 2 bids, none disqualified
        for j in range(2):
            releases.append({'ocid': f'b{i}{j}', 'buyer': {'id': f'B{i}'},
                             'bids': {'details': [_bid('T1', 1), _bid('T2', 2)]}})
    for j in range(2):  # buyer X disqualifies every second bid
        releases.append({'ocid': f'x{j}', 'buyer': {'id': 'X'},
                         'bids': {'details': [_bid('T1', 1), _bid('T3', 2, 'disqualified')]}})
    result = compute(releases, Settings.defaults(['R038']))
    assert result.results['Buyer'] == {'X': {'R038': 0.5}}
    # tenderers T1 0/10, T2 0/8, T3 2/2: Q1 = 0, Q3 = 0 + (2.8333… − 2)·1, the fence is Q3·2.5: T3's 1.0 is below
    assert result.meta['R038']['Tenderer_upper_fence'] == pytest.approx((10 / 3 * 0.75 + 1 / 3 - 2) * 2.5)
    assert result.results['Tenderer'] == {}
    # buyers 0 ×4 and 0.5: Q3 = (4.3333… − 4)·0.5, the fence 2.5·Q3 ≈ 0.4167, below X's 0.5
    assert result.meta['R038']['Buyer_upper_fence'] == pytest.approx((16 / 3 * 0.75 + 1 / 3 - 4) * 0.5 * 2.5)

    varieties = {**{f'S{i}': ['43211500'] for i in range(1, 7)}, 'S7': ['43211500', '44121600'],
                 'S8': ['43211500', '44121601'], 'S9': ['43211500', '43211501'],  # same segment: variety 1
                 'H': ['43211500', '44121600', '72101500', '85121800', '30101500', '39101600']}
    awards = [{'ocid': f'{s}-{n}', 'awards': [{'status': 'active', 'suppliers': [{'id': s}],
                                               'items': [{'classification': {'id': code}}]}]}
              for s, codes in varieties.items() for n, code in enumerate(codes)]
    settings = Settings.defaults(['R048'])
    settings.r048_minimum_contracting_processes = 1
    result = compute(awards, settings)
    # varieties 1 ×7, 2, 2, 6: Q1 = 1, Q3 = 2, the fence 2 + 1.5 = 3.5: H (6 segments) is the outlier
    assert result.meta['R048'] == {'q1': 1.0, 'q3': 2.0, 'upper_fence': 3.5}
    assert result.results['Tenderer'] == {'H': {'R048': 6.0}}
    # S1..S6 (one process each) leave the set: varieties 2, 2, 1, 6 give a fence above 8, and H is not flagged
    settings.r048_minimum_contracting_processes = 2
    result = compute(awards, settings)
    assert result.meta['R048']['upper_fence'] > 8 and result.results['Tenderer'] == {}
