"""The review desk (duties 8–12): the queue of findings, the bid and order pages with their evidence, review and
referral of findings, the disqualification review, the cancellation recommendation, the rules catalogue and the
thresholds' versions."""
from datetime import date

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from gemcell.core.db import InvalidTransition, utcnow
from gemcell.core.errors import FormError
from gemcell.core.exports import export_response
from gemcell.core.htmx import hx_redirect, hx_trigger, is_htmx, render_page, wants_fragment
from gemcell.core.i18n import to_local
from gemcell.core.permissions import Permission, has_permission
from gemcell.core.scoping import can_see, get_visible_or_404
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.extensions import db
from gemcell.gemdata.models import Bid, Bidder, ImportBatch, Order
from gemcell.gemdata.queries import BID_PAGE, department_choices, enum_choices, shape_title
from gemcell.scrutiny import operations, queries
from gemcell.scrutiny.display import department_label, finding_message, subject_number, subject_url
from gemcell.scrutiny.forms import RecommendationForm, ReviewForm, ThresholdForm, VerdictForm
from gemcell.scrutiny.models import Finding, Severity, Verdict
from gemcell.scrutiny.rules import REGISTRY
from gemcell.scrutiny.settings import DEFAULTS, Settings


class FindingsViewBase(GemView):
    """What the cell, Government and a department's nodal officer may read (the officer: their department's)."""

    PERMISSION = Permission.VIEW_FINDINGS


class ReviewViewBase(GemView):
    """The cell's writes: review, refer, verdicts, recommendations."""

    PERMISSION = Permission.REVIEW


# --- the queue ---------------------------------------------------------------------------------------------------

class ListFindingsView(FindingsViewBase, ListViewBase):
    """Findings with filters (open ones by default), sortable; ``?format=csv|xlsx`` downloads them."""

    LISTING = queries.FINDING_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'scrutiny/findings.html', 'scrutiny/_findings_table.html', 'findings'

    def statement(self):
        return queries.finding_list_statement(current_user)

    def export_columns(self, rows):
        return [(_('Rule'), lambda f: f.rule_id), (_('Severity'), lambda f: str(f.severity.title)),
                (_('Status'), lambda f: str(f.state.title)), (_('Bid or order number'), subject_number),
                (_('Department'), department_label), (_('Date judged'), lambda f: f.judged_date),
                (_('Finding'), finding_message),
                (_('Reviewed by'), lambda f: f.reviewed_by.name if f.reviewed_by else ''),
                (_('Reviewed on'), lambda f: f.reviewed_dt), (_('Remark'), lambda f: f.remark or '')]

    def get(self):
        args = request.args.copy()
        args.setdefault('state', queries.DEFAULT_STATE)
        stmt = self.statement()
        fmt = args.get('format')
        if fmt:
            rows = self.LISTING.rows(stmt, args).all()
            return export_response(rows, self.export_columns(rows), fmt, self.EXPORT_NAME)
        pagination, state = self.LISTING.apply(stmt, args)
        return render_page(self.PAGE, self.PARTIAL, pagination=pagination, state=state,
                           **self.context(pagination.items))

    def context(self, items):
        return {'department_choices': department_choices(current_user), 'rule_choices': queries.rule_choices(),
                'severity_choices': enum_choices(Severity), 'state_choices': queries.STATE_CHOICES,
                'yes_choices': queries.YES_CHOICES,
                'follow_up': queries.follow_up_bid_ids({f.bid_id for f in items})}


# --- one finding -------------------------------------------------------------------------------------------------

class FindingViewBase(GemView):
    def load(self, finding_id):
        self.finding = queries.get_visible_finding_or_404(finding_id, current_user)


def render_finding(finding: Finding, form=None, status=200, error=None):
    """The finding's own page, or (htmx) its fragment, which the bid and order pages include."""
    return render_page('scrutiny/finding.html', 'scrutiny/_finding.html', status=status, finding=finding,
                       review_form=form, error=error)


class FindingDetailView(FindingsViewBase, FindingViewBase):
    def get(self, finding_id):
        return render_finding(self.finding)


class FindingActionBase(ReviewViewBase, FindingViewBase):
    """A write on one finding: htmx gets the finding's fragment back (with a flash event), a plain form post goes
    back to the bid or order page (303)."""

    def done(self, message):
        if is_htmx():
            response = render_finding(self.finding)
            hx_trigger(response, 'flash', str(message))
            return hx_trigger(response, 'findingsChanged')
        flash(str(message), 'success')
        return redirect((subject_url(self.finding) or url_for('scrutiny.findings')) + f'#finding-{self.finding.id}',
                        303)


class ReviewFindingView(FindingActionBase):
    def post(self, finding_id):
        form = ReviewForm(self.finding)
        if form.validate_on_submit():
            try:
                operations.review_finding(self.finding, form.state, current_user, form.remark.data,
                                          seen_version=form.version.data or None)
            except FormError as exc:
                getattr(form, exc.field).errors.append(exc.message)
            except InvalidTransition as exc:
                form.decision.errors.append(str(exc))
            except StaleDataError:  # another reviewer's decision was committed between our read and our write
                form.decision.errors.append(operations.conflict_message())
            else:
                return self.done(REVIEWED[form.decision.data])
        db.session.rollback()
        return render_finding(self.finding, form, 409 if is_conflict(form) else 422)


def is_conflict(form) -> bool:
    return str(operations.conflict_message()) in [str(message) for message in form.decision.errors]


REVIEWED = {'confirm': _l('The finding is confirmed.'), 'dismiss': _l('The finding is dismissed.'),
            'reopen': _l('The finding is open again.')}


# --- bid and order pages -----------------------------------------------------------------------------------------

class BidViewBase(GemView):
    def load(self, bid_id):
        self.bid = get_visible_or_404(Bid, bid_id, current_user, options=BID_PAGE)


def bid_context(bid: Bid, verdict_forms=None) -> dict:
    live, superseded = queries.get_bid_findings(bid)
    disqualified = queries.disqualified_bidders(bid)
    reviews = queries.get_reviews(disqualified)
    forms = {b.id: VerdictForm(b, formdata=None, verdict=reviews[b.id].verdict.value if b.id in reviews else None,
                               note=reviews[b.id].note if b.id in reviews else None) for b in disqualified}
    forms.update(verdict_forms or {})
    recommendable = queries.get_recommendable_findings(bid)
    return {'bid': bid, 'findings': live, 'superseded': superseded, 'disqualified': disqualified,
            'reviews': reviews, 'verdict_forms': forms, 'recommendable': recommendable,
            'recommendations': queries.get_recommendations(bid),
            'draft_recommendation': queries.get_draft_recommendation(bid),
            'atc_matches': [m for f in live for m in (f.evidence or {}).get('matches') or []],
            'follow_up': bid.id in queries.follow_up_bid_ids([bid.id]),
            'batch': db.session.get(ImportBatch, bid.import_batch_id) if bid.import_batch_id else None,
            'shape_title': shape_title}


class BidScrutinyView(FindingsViewBase, BidViewBase):
    def get(self, bid_id):
        return render_template('scrutiny/bid.html', **bid_context(self.bid))


class OrderScrutinyView(FindingsViewBase):
    def load(self, order_id):
        self.order = get_visible_or_404(Order, order_id, current_user)

    def get(self, order_id):
        live, superseded = queries.get_order_findings(self.order)
        bid = self.order.bid if self.order.bid and can_see(self.order.bid, current_user) else None
        return render_template('scrutiny/order.html', order=self.order, bid=bid, findings=live,
                               superseded=superseded)


class RecommendCancellationView(ReviewViewBase, BidViewBase):
    """Draft the letter recommending the bid's cancellation, then edit it in the document register."""

    def post(self, bid_id):
        form = RecommendationForm()
        if not form.validate_on_submit():
            flash(_('Choose the language of the letter.'), 'error')
            return redirect(url_for('scrutiny.bid', bid_id=self.bid.id), 303)
        draft = queries.get_draft_recommendation(self.bid)
        if draft is not None:
            flash(_('A draft recommendation for this bid already exists: it is opened for editing.'), 'info')
            return self.go(url_for('documents.edit', document_id=draft.id))
        try:
            document = operations.recommend_cancellation(self.bid, current_user, form.language.data)
        except InvalidTransition as exc:
            flash(str(exc), 'error')
            return self.go(url_for('scrutiny.bid', bid_id=self.bid.id))
        flash(_('The cancellation recommendation is drafted. Check it, then send it for approval.'), 'success')
        return self.go(url_for('documents.edit', document_id=document.id))

    @staticmethod
    def go(url):
        return hx_redirect(url) if wants_fragment() else redirect(url, 303)


# --- disqualification review (duty 9) ----------------------------------------------------------------------------

class ListDisqualificationsView(FindingsViewBase, ListViewBase):
    """Bids on the duty-9 queue, each with its disqualified bidders, the reasons given and the verdicts."""

    LISTING = queries.DISQUALIFICATION_LISTING
    PAGE, PARTIAL = 'scrutiny/disqualifications.html', 'scrutiny/_disqualifications_table.html'
    EXPORT_NAME = 'disqualification-review'

    def statement(self):
        return queries.visible_disqualification_bids(current_user)

    def export_columns(self, rows):
        reviews = queries.get_reviews([b for bid in rows for b in queries.disqualified_bidders(bid)])
        findings = queries.get_disqualification_findings(rows)

        def verdicts(bid, pick):
            return '; '.join(pick(b, reviews.get(b.id)) for b in queries.disqualified_bidders(bid))

        return [(_('Bid number'), lambda b: b.number),
                (_('Buyer department'), lambda b: b.buyer_department.name if b.buyer_department
                 else b.buyer_department_raw),
                (_('Rules'), lambda b: ', '.join(f.rule_id for f in findings.get(b.id, []))),
                (_('Disqualified bidders'), lambda b: verdicts(b, lambda bidder, r: bidder.name)),
                (_('Reasons given'), lambda b: verdicts(b, lambda bidder, r: bidder.reason or '—')),
                (_('Verdicts'), lambda b: verdicts(b, lambda bidder, r: str(r.verdict.title) if r else
                                                   str(_l('Awaiting a verdict'))))]

    def context(self, items):
        bidders = [b for bid in items for b in queries.disqualified_bidders(bid)]
        reviews = queries.get_reviews(bidders)
        return {'department_choices': department_choices(current_user), 'verdict_choices': queries.VERDICT_CHOICES,
                'reviews': reviews, 'findings_by_bid': queries.get_disqualification_findings(items),
                'verdict_forms': {b.id: verdict_form(b, reviews.get(b.id)) for b in bidders},
                'follow_up': queries.follow_up_bid_ids([b.id for b in items]),
                'disqualified_bidders': queries.disqualified_bidders}


def verdict_form(bidder, review) -> VerdictForm:
    return VerdictForm(bidder, formdata=None, verdict=review.verdict.value if review else None,
                       note=review.note if review else None)


class VerdictView(ReviewViewBase):
    """Save the verdict on one disqualified bidder: htmx gets the bidder's fragment back; a plain post goes back
    to the bid page."""

    def load(self, bidder_id):
        self.bidder = db.get_or_404(Bidder, bidder_id)
        if not can_see(self.bidder.bid, current_user):
            abort(404)

    def post(self, bidder_id):
        form = VerdictForm(self.bidder)
        bid_url = url_for('scrutiny.bid', bid_id=self.bidder.bid_id) + f'#verdict-{self.bidder.id}'
        if form.validate_on_submit():
            try:
                review = operations.save_verdict(self.bidder, _verdict(form.verdict.data), form.note.data,
                                                 current_user)
            except FormError as exc:
                getattr(form, exc.field).errors.append(exc.message)
            except InvalidTransition as exc:
                form.verdict.errors.append(str(exc))
            else:
                message = _('Verdict saved: %(verdict)s.', verdict=review.verdict.title)
                if is_htmx():
                    response = self.fragment(verdict_form(self.bidder, review), review)
                    hx_trigger(response, 'flash', message)
                    return hx_trigger(response, 'verdictsChanged')
                flash(message, 'success')
                return redirect(bid_url, 303)
        db.session.rollback()
        if is_htmx():
            return self.fragment(form, queries.get_reviews([self.bidder]).get(self.bidder.id), 422)
        response = make_response(render_template('scrutiny/bid.html',
                                                 **bid_context(self.bidder.bid, {self.bidder.id: form})), 422)
        return response

    def fragment(self, form, review, status=200):
        response = make_response(render_template('scrutiny/_verdict.html', bidder=self.bidder, form=form,
                                                 review=review), status)
        response.vary.add('HX-Request')
        return response


def _verdict(value) -> Verdict:
    return Verdict(value)


# --- rules and thresholds ----------------------------------------------------------------------------------------

class RulesView(FindingsViewBase):
    """Every rule the engine applies: what it checks, its source, and the thresholds it reads as in force today."""

    def get(self):
        settings = Settings.load(db.session)
        day = today()
        rules = sorted(REGISTRY.values(), key=lambda r: (r.duty, -r.severity.rank, r.id))
        in_force = {name: settings.at(name, day) for rule in rules for name in rule.thresholds
                    if name in settings.versions}
        return render_template('scrutiny/rules.html', rules=rules, in_force=in_force, today=day)


class ThresholdsView(FormViewBase):
    """The thresholds' versions (shipped and added) and the form to add one; saving queues a full re-scrutiny."""

    PERMISSION = Permission.MANAGE_THRESHOLDS
    TEMPLATE = 'scrutiny/thresholds.html'

    def make_form(self):
        return ThresholdForm()

    def save(self, form):
        operations.add_threshold(form.name.data, form.value.data, form.effective_from.data, form.source.data,
                                 current_user)
        db.session.commit()  # the worker reads the new version from its own connection
        from gemcell.scrutiny.tasks import scrutinise_all
        scrutinise_all(current_user.id)
        flash(_('The new version is saved. A full re-scrutiny of every bid and order has been queued; the findings '
                'change when it has run.'), 'success')
        return url_for('scrutiny.thresholds')

    def context(self):
        settings = Settings.load(db.session)
        day = today()
        return {'defaults': DEFAULTS, 'added': queries.get_added_thresholds(), 'today': day,
                'in_force': {name: settings.at(name, day) for name in DEFAULTS},
                'rules_reading': queries.rules_reading, 'can_see_rules': has_permission(current_user,
                                                                                        Permission.VIEW_FINDINGS)}


def today() -> date:
    """Today in India (which threshold versions are in force)."""
    return to_local(utcnow()).date()
