"""Helpdesk and field support (duties 3 and 4 of the memo): tickets for the portal problems of buyer departments
and seller firms, with an SLA clock in working hours (paused while the ticket waits on the department, the seller or
GeM; escalated to the In-charge on breach), status history, replies and internal notes, merging of duplicates, bulk
assignment; field visits and their calendar; a knowledge base of resolved problems, offered while a new ticket is
typed; reports.

Hooks for other modules: ``queries.month_problem_categories(year, month)`` gives the monthly note its "problems
faced"; ``operations.link_provision(ticket, model_name, ref_id)`` and ``queries.tickets_for_provision`` tie tickets
needing a portal change to the State provisions register (duty 7).
"""
import logging

logger = logging.getLogger(__name__)
