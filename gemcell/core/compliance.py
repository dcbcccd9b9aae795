"""The four classes the cell gives a point of a direction or an action point of a meeting, and how a set of points
rolls up into one status."""

from flask_babel import lazy_gettext as _l

from gemcell.core.db import TitledEnum, titled


class Compliance(TitledEnum):
    pending = 'pending'  # not yet classed by the cell
    complied = 'complied'
    partly = 'partly'
    not_complied = 'not_complied'
    not_applicable = 'not_applicable'

    @property
    def css(self):
        return CSS[self]


TITLES = {
    Compliance.pending: _l('Not yet classed'),
    Compliance.complied: _l('Complied'),
    Compliance.partly: _l('Partly complied'),
    Compliance.not_complied: _l('Not complied'),
    Compliance.not_applicable: _l('Not applicable'),
}
titled(TITLES)
CSS = {
    Compliance.pending: 'muted',
    Compliance.complied: 'ok',
    Compliance.partly: 'warn',
    Compliance.not_complied: 'bad',
    Compliance.not_applicable: 'muted',
}
#: the classes the cell may give (``pending`` is only the state before it does)
CLASSES = (Compliance.complied, Compliance.partly, Compliance.not_complied, Compliance.not_applicable)


def roll_up(statuses) -> Compliance:
    """One status for a set of points: points *not applicable* do not count; any point not yet classed leaves the
    whole pending; all complied → complied; all not complied → not complied; any other mix → partly complied.
    No points, or every point not applicable → not applicable."""
    counted = [s for s in statuses if s is not Compliance.not_applicable]
    if not counted:
        return Compliance.not_applicable
    if Compliance.pending in counted:
        return Compliance.pending
    if all(s is Compliance.complied for s in counted):
        return Compliance.complied
    if all(s is Compliance.not_complied for s in counted):
        return Compliance.not_complied
    return Compliance.partly
