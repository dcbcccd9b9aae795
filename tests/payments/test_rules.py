"""The payment rules at each boundary, and the interest against hand-computed figures (RULES.md §4)."""
from dataclasses import dataclass
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from gemcell.payments import rules
from gemcell.payments.models import PaymentState
from gemcell.scrutiny.settings import Settings, Version

SETTINGS = Settings.defaults()


def terms(**kwargs):
    kwargs.setdefault('value', Decimal('100000'))
    kwargs.setdefault('order_day', date(2025, 1, 2))
    kwargs.setdefault('crac_date', date(2025, 1, 10))
    return rules.Terms(**kwargs)


# --- due dates ------------------------------------------------------------------------------------------------------

def test_gem_gtc_payment_falls_due_ten_days_after_the_crac():
    due = rules.due_date(terms(), SETTINGS)
    assert due.accepted == date(2025, 1, 10) and due.accepted_by == 'CRAC'
    assert due.due == date(2025, 1, 20) and due.rules == ['GEM-GTC-PAY'] and due.days_allowed == 10


def test_day_ten_after_the_crac_is_on_time_and_day_eleven_is_late():
    due = rules.due_date(terms(), SETTINGS).due
    assert rules.days_late(due, None, date(2025, 1, 20)) == 0
    assert rules.days_late(due, None, date(2025, 1, 21)) == 1
    assert rules.days_late(due, date(2025, 1, 20), date(2025, 6, 1)) == 0  # paid on the due date
    assert rules.bucket_of(10) == '0-10' and rules.bucket_of(11) == '11-30'


@pytest.mark.parametrize('days, bucket', [(0, '0-10'), (10, '0-10'), (11, '11-30'), (30, '11-30'), (31, '31-45'),
                                          (45, '31-45'), (46, '46-90'), (90, '46-90'), (91, '90+'), (400, '90+'),
                                          (-1, None)])
def test_ageing_buckets(days, bucket):
    assert rules.bucket_of(days) == bucket


def test_a_bid_can_set_its_own_payment_timeline():
    due = rules.due_date(terms(bid_days=90), SETTINGS)
    assert due.due == date(2025, 4, 10) and due.rules == ['BID-TIMELINE']


@pytest.mark.parametrize('bid_days, days, rule', [(None, 10, 'GEM-GTC-PAY'), (45, 45, 'BID-TIMELINE'),
                                                  (46, 45, 'MSMED-15'), (90, 45, 'MSMED-15')])
def test_a_micro_or_small_seller_is_paid_within_45_days_at_most(bid_days, days, rule):
    due = rules.due_date(terms(bid_days=bid_days, is_mse=True), SETTINGS)
    assert due.days_allowed == days and due.rules == [rule]


def test_auto_crac_on_the_21st_day_for_a_direct_purchase_of_exactly_25000():
    direct = dict(crac_date=None, is_direct=True, prc_date=date(2025, 3, 1), order_day=date(2025, 2, 20))
    due = rules.due_date(terms(value=Decimal('25000'), **direct), SETTINGS)
    assert due.accepted == date(2025, 3, 22) and due.accepted_by == 'GEM-AUTOCRAC'
    assert due.due == date(2025, 4, 1) and due.rules == ['GEM-AUTOCRAC', 'GEM-GTC-PAY']
    # a rupee (a paisa) more, a purchase not made directly, or no PRC: no auto-CRAC, so no due date yet
    assert rules.due_date(terms(value=Decimal('25000.01'), **direct), SETTINGS).due is None
    assert rules.due_date(terms(value=Decimal('25000'), **{**direct, 'is_direct': False}), SETTINGS).due is None
    assert rules.due_date(terms(value=Decimal('25000'), **{**direct, 'prc_date': None}), SETTINGS).due is None


def test_no_auto_crac_for_orders_before_01_06_2019():
    old = dict(crac_date=None, is_direct=True, prc_date=date(2019, 5, 20), value=Decimal('20000'))
    assert rules.due_date(terms(order_day=date(2019, 5, 31), **old), SETTINGS).due is None
    assert rules.due_date(terms(order_day=date(2019, 6, 1), **old), SETTINGS).accepted == date(2019, 6, 10)


def test_the_crac_wins_over_auto_crac():
    due = rules.due_date(terms(value=Decimal('20000'), is_direct=True, prc_date=date(2025, 1, 1)), SETTINGS)
    assert due.accepted == date(2025, 1, 10) and due.accepted_by == 'CRAC'


def test_an_added_version_changes_the_numbers_from_its_date():
    versions = {name: list(items) for name, items in SETTINGS.versions.items()}
    versions['payment.gtc_days'].append(Version(date(2026, 4, 1), Decimal(7), 'UP GO 12/2026', False))
    settings = Settings(versions)
    assert rules.due_date(terms(order_day=date(2026, 3, 31)), settings).days_allowed == 10
    assert rules.due_date(terms(order_day=date(2026, 4, 1)), settings).days_allowed == 7


# --- penal interest (DoE OM 03.07.2020) ----------------------------------------------------------------------------

def test_penal_interest_applies_to_purchases_from_01_10_2020():
    assert rules.penal_rate(date(2020, 9, 30), SETTINGS) == 0
    assert rules.penal_rate(date(2020, 10, 1), SETTINGS) == 1


def test_penal_interest_is_one_per_cent_a_month_pro_rata_on_30_day_months():
    # RULES.md's own example: 10 days late = 10/30 × 1 % = 0.33 %
    assert rules.penal_interest(Decimal('100000'), 10, Decimal(1)) == Decimal('333.33')
    assert rules.penal_interest(Decimal('100000'), 45, Decimal(1)) == Decimal('1500.00')
    assert rules.penal_interest(Decimal('100000'), 0, Decimal(1)) == Decimal('0.00')
    assert rules.penal_interest(Decimal('100000'), 45, Decimal(0)) == Decimal('0.00')


# --- MSMED Act interest (s.16) ---------------------------------------------------------------------------------------

def test_msmed_interest_compounds_monthly_across_a_bank_rate_change():
    # due 20.04.2022; the bank rate was 4.25 % until 03.05.2022 and 4.65 % from 04.05.2022.
    # month 1 (from 20.04): 3 × 4.25 / 12 = 1.0625 %  -> 1,00,000 × 1.010625 = 1,01,062.50
    # month 2 (from 20.05): 3 × 4.65 / 12 = 1.1625 %  -> 1,01,062.50 × 1.011625 = 1,02,237.3515625
    due = date(2022, 4, 20)
    assert rules.msmed_interest(Decimal('100000'), due, 60, SETTINGS) == Decimal('2237.35')
    steps = rules.msmed_steps(Decimal('100000'), due, 60, SETTINGS)
    assert [(s.start, s.days, s.bank_rate) for s in steps] == [(date(2022, 4, 20), 30, Decimal('4.25')),
                                                               (date(2022, 5, 20), 30, Decimal('4.65'))]


def test_msmed_interest_for_a_part_month_is_pro_rata():
    # month 1 as above: 1,01,062.50; then 15 days at 1.1625 % × 15/30 = 0.58125 % -> 1,01,649.92578125
    assert rules.msmed_interest(Decimal('100000'), date(2022, 4, 20), 45, SETTINGS) == Decimal('1649.93')


def test_msmed_interest_within_one_rate():
    # bank rate 6.75 % (08.02.2023 – 06.02.2025): 3 × 6.75 / 12 = 1.6875 % a month;
    # three months: 1,00,000 × 1.016875³ = 1,05,148.4102… -> 5,148.41
    assert rules.msmed_interest(Decimal('100000'), date(2023, 3, 1), 90, SETTINGS) == Decimal('5148.41')


def test_the_cached_factor_gives_the_same_interest():
    factors = rules.MsmedFactors(SETTINGS)
    assert factors.interest(Decimal('100000'), date(2022, 4, 20), 60) == Decimal('2237.35')
    assert factors.interest(Decimal('100000'), date(2022, 4, 20), 0) == Decimal('0.00')


# --- which evidence wins -------------------------------------------------------------------------------------------

@dataclass
class Status:
    state: PaymentState
    reported_dt: datetime
    paid_date: date | None = None
    reference: str | None = None


def at(day):
    return datetime(2026, 1, day, tzinfo=timezone.utc)


def test_the_later_evidence_wins():
    # GeM says paid (imported on the 5th); the department reported it unpaid on the 3rd: GeM is later
    assert rules.effective_payment(date(2025, 12, 30), at(5), Status(PaymentState.delayed, at(3))).paid == \
        date(2025, 12, 30)
    # the department's later report says not paid yet: it wins
    assert rules.effective_payment(date(2025, 12, 30), at(5), Status(PaymentState.delayed, at(8))).paid is None
    # no GeM date: the department's report of payment counts
    payment = rules.effective_payment(None, at(5), Status(PaymentState.paid, at(8), date(2026, 1, 7), 'PFMS-1'))
    assert (payment.paid, payment.source, payment.reference) == (date(2026, 1, 7), 'department', 'PFMS-1')
    # nothing reported: GeM's date (or none)
    assert rules.effective_payment(None, at(5), None).paid is None
    assert rules.effective_payment(date(2026, 1, 2), at(5), None).source == 'gem'


def test_the_fast_factor_agrees_with_the_month_by_month_steps():
    factors = rules.MsmedFactors(SETTINGS)
    for due, late in [(date(2019, 1, 5), 2000), (date(2022, 4, 20), 60), (date(2022, 4, 20), 45),
                      (date(2012, 1, 1), 5000), (date(2025, 6, 1), 29), (date(2024, 12, 31), 400)]:
        slow = rules.msmed_steps(Decimal(1), due, late, SETTINGS)[-1].amount
        assert abs(factors.factor(due, late) - slow) < Decimal('1e-15'), (due, late)


def test_the_float_rate_for_the_state_sums_agrees():
    factors = rules.MsmedFactors(SETTINGS)
    for due, late in [(date(2019, 1, 5), 2000), (date(2022, 4, 20), 60), (date(2022, 4, 20), 45)]:
        assert abs(factors.rate(due, late) - float(factors.factor(due, late) - 1)) < 1e-12
