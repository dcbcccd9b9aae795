"""Meetings (duty 5 of the memo): the register of department-level procurement meetings the cell's nodal officer
attends — date, department, venue, agenda, participants, minutes (rich text, sanitised) — and their decisions as
action points with an owner (the department or the cell), a due date and a compliance class, followed until done,
with reminders; minutes are issued as a letter through the documents mechanism when needed."""
import logging

logger = logging.getLogger(__name__)
