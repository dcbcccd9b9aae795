"""Synthetic data at the State's scale (``flask gemcell synth``): departments, offices, sellers, bids with their
bidders, orders with their payments, returns, helpdesk tickets and the users a load test signs in as — shaped like the
real samples, deterministic from a seed, written in bulk."""
import logging

logger = logging.getLogger(__name__)
