"""Debarment and blacklisting cases (duty 12 of office memo 43/2020): a case file opened from confirmed findings (or
by hand) against a buyer user (proposed debarment) and/or a seller firm (proposed blacklisting), its show-cause
step, the evidence pack referred to Government, Government's decision and the registers of debarred users and
blacklisted firms that the scrutiny engine reads (rules ``CASE-DEBAR``, ``CASE-BLACKLIST``, ``CASE-BLACKLIST-ORDER``).
"""
import logging

logger = logging.getLogger(__name__)
