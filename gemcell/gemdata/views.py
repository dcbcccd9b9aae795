"""Pages of the data mirror: bids, orders and sellers (for every role, department data through the scope), the
department-name queue and the import history (for the cell)."""
import re
from datetime import date, datetime
from pathlib import Path

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from gemcell.core.exports import export_response
from gemcell.core.i18n import format_date, format_datetime
from gemcell.core.htmx import hx_trigger, is_htmx, render_page, wants_fragment
from gemcell.core.permissions import Permission
from gemcell.core.scoping import can_see, get_visible_or_404
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.directory.models import Department
from gemcell.directory.queries import department_entries
from gemcell.extensions import db
from gemcell.gemdata import operations, queries
from gemcell.auth.forms import EmptyForm
from gemcell.gemdata.forms import NOT_MAPPED, ImportForm, MapAliasForm
from gemcell.gemdata.importers.engine import DEFAULT_LIMITS
from gemcell.gemdata.importers.gem_contracts import buyer_state
from gemcell.gemdata.importers.mapped import KIND_SHEETS, get_profile, preview, row_parser
from gemcell.gemdata.importers.template import template_workbook
from gemcell.gemdata.tasks import get_progress, import_file
from gemcell.gemdata.uploads import safe_name, store_upload, stored_path
from gemcell.gemdata.models import (Bid, BidSource, BuyingMode, DepartmentAlias, ImportBatch, ImportState,
                                    MappingProfile, Order, ProcurementKind, Seller, TitledEnum)
from gemcell.gemdata.parsing import normalize_header
from gemcell.gemdata.readers import FileRejected, read_table

#: the record kinds an import counts (``importers.contract.KINDS``)
RECORD_KIND_TITLES = {'seller': _l('Sellers'), 'bid': _l('Bids'), 'bidder': _l('Bidders'), 'order': _l('Orders'),
                      'payment': _l('Payments')}
#: the columns of ``ImportBatch.counts[kind]``
COUNT_TITLES = {'new': _l('New'), 'changed': _l('Updated'), 'unchanged': _l('Unchanged'),
                'rejected': _l('Rejected')}


def department_name(record) -> str:
    """The mapped department's name, else the name as the source wrote it."""
    return record.buyer_department.name if record.buyer_department else (record.buyer_department_raw or '')


def yes_no(value) -> str:
    return '' if value is None else (_('Yes') if value else _('No'))


def title(member) -> str:
    return str(member.title) if member is not None else ''


class GemDataViewBase(GemView):
    """Bids, orders and sellers: any signed-in user; bids and orders are department data (nodal: own only)."""


class ManageImportsBase(GemView):
    PERMISSION = Permission.MANAGE_IMPORTS


# --- bids ----------------------------------------------------------------------------------------------------

class ListBidsView(GemDataViewBase, ListViewBase):
    """Bids: search, filter, sort and paginate in place (htmx); ``?format=csv|xlsx`` downloads the list."""

    LISTING = queries.BID_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'gemdata/bids.html', 'gemdata/_bids_table.html', 'bids'

    def statement(self):
        return queries.visible_bids(current_user)

    def export_columns(self, rows):
        return [(_('Bid number'), lambda b: b.number), (_('Source'), lambda b: title(b.source)),
                (_('Title'), lambda b: b.title), (_('Buyer department'), department_name),
                (_('Department as written in the source'), lambda b: b.buyer_department_raw),
                (_('Category'), lambda b: b.category_name), (_('Kind'), lambda b: title(b.kind)),
                (_('Estimated value (₹)'), lambda b: b.estimated_value),
                (_('Published'), lambda b: b.published_dt), (_('Closes'), lambda b: b.end_dt),
                (_('Reverse auction'), lambda b: yes_no(b.is_ra)), (_('Status'), lambda b: b.status)]

    def context(self, items):
        return {'department_choices': queries.department_choices(current_user),
                'source_choices': queries.enum_choices(BidSource),
                'kind_choices': queries.enum_choices(ProcurementKind), 'yes_no_choices': queries.YES_NO_CHOICES}


class BidDetailView(GemDataViewBase):
    def load(self, bid_id):
        self.bid = get_visible_or_404(Bid, bid_id, current_user, options=queries.BID_PAGE)

    def get(self, bid_id):
        batch = db.session.get(ImportBatch, self.bid.import_batch_id) if self.bid.import_batch_id else None
        return render_template('gemdata/bid.html', bid=self.bid, orders=queries.get_bid_orders(self.bid, current_user),
                               batch=batch, shape_title=queries.shape_title)


# --- orders --------------------------------------------------------------------------------------------------

class ListOrdersView(GemDataViewBase, ListViewBase):
    LISTING = queries.ORDER_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'gemdata/orders.html', 'gemdata/_orders_table.html', 'orders'

    def statement(self):
        return queries.visible_orders(current_user)

    def export_columns(self, rows):
        return [(_('Order number'), lambda o: o.number), (_('Order date'), lambda o: o.order_dt),
                (_('Buyer department'), department_name),
                (_('Department as written in the source'), lambda o: o.buyer_department_raw),
                (_('Seller'), lambda o: o.seller.name if o.seller else o.seller_name),
                (_('GeM seller ID'), lambda o: o.seller.gem_seller_id if o.seller else ''),
                (_('Product'), lambda o: o.product), (_('Category'), lambda o: o.category_name),
                (_('Buying mode'), lambda o: title(o.buying_mode)), (_('Bid number'), lambda o: o.bid_number),
                (_('Quantity'), lambda o: o.quantity), (_('Total value (₹)'), lambda o: o.total_value),
                (_('CRAC date'), lambda o: o.crac_date), (_('Payment date'), lambda o: o.payment_date),
                (_('Status'), lambda o: o.status)]

    def context(self, items):
        return {'department_choices': queries.department_choices(current_user),
                'mode_choices': queries.enum_choices(BuyingMode)}


class OrderDetailView(GemDataViewBase):
    def load(self, order_id):
        self.order = get_visible_or_404(Order, order_id, current_user)

    def get(self, order_id):
        order = self.order
        # the bid is shown as a link only when the viewer may open it
        bid = order.bid if order.bid and can_see(order.bid, current_user) else None
        batch = db.session.get(ImportBatch, order.import_batch_id) if order.import_batch_id else None
        return render_template('gemdata/order.html', order=order, bid=bid, batch=batch,
                               buyer_state=buyer_state(order.source_record), shape_title=queries.shape_title)


# --- sellers -------------------------------------------------------------------------------------------------

class ListSellersView(GemDataViewBase, ListViewBase):
    LISTING = queries.SELLER_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'gemdata/sellers.html', 'gemdata/_sellers_table.html', 'sellers'

    def statement(self):
        return queries.visible_sellers(current_user)

    def export_columns(self, rows):
        return [(_('GeM seller ID'), lambda s: s.gem_seller_id), (_('Name'), lambda s: s.name),
                (_('MSE'), lambda s: yes_no(s.is_mse)), (_('Udyam registration'), lambda s: s.udyam_number),
                (_('Start-up'), lambda s: yes_no(s.is_startup)), (_('State'), lambda s: s.state)]

    def context(self, items):
        return {'order_counts': queries.get_order_counts(items, current_user),
                'state_choices': queries.seller_state_choices(), 'yes_no_choices': queries.YES_NO_CHOICES}


class SellerDetailView(GemDataViewBase):
    def load(self, seller_id):
        self.seller = db.first_or_404(queries.visible_sellers(current_user).where(Seller.id == seller_id))

    def get(self, seller_id):
        orders, order_total = queries.get_seller_orders(self.seller, current_user)
        return render_template('gemdata/seller.html', seller=self.seller, orders=orders, order_total=order_total,
                               bidders=queries.get_seller_bidders(self.seller, current_user))


# --- department-name queue -----------------------------------------------------------------------------------

class AliasViewBase(ManageImportsBase):
    def departments(self):
        return department_entries()


class ListAliasesView(AliasViewBase):
    """Department names from the imports: unmapped ones first (the queue), each mapped in place."""

    def get(self):
        args = request.args.copy()
        args.setdefault('state', 'unmapped')
        pagination, state = queries.ALIAS_LISTING.apply(db.select(DepartmentAlias), args)
        departments = self.departments()
        forms = {alias.id: MapAliasForm(departments, alias, department_id=alias.department_id or NOT_MAPPED)
                 for alias in pagination.items}
        return render_page('gemdata/aliases.html', 'gemdata/_aliases_table.html', pagination=pagination,
                           state=state, usage=queries.get_alias_usage(pagination.items), forms=forms,
                           state_choices=queries.ALIAS_STATE_CHOICES)


class MapAliasView(AliasViewBase):
    """Map one name (htmx: answers the updated row and a flash event; without htmx: back to the list)."""

    def load(self, alias_id):
        self.alias = db.get_or_404(DepartmentAlias, alias_id)

    def post(self, alias_id):
        form = MapAliasForm(self.departments(), self.alias)
        if not form.validate_on_submit():
            if not is_htmx():
                flash(_('Choose a department from the list.'), 'error')
                return redirect(url_for('gemdata.aliases'), 303)
            return self.row(form, 422)
        department = db.session.get(Department, form.department_id.data) if form.department_id.data else None
        relinked = operations.map_department_alias(self.alias, department)
        if department:
            message = _('"%(name)s" is now mapped to %(department)s: %(count)s records linked.', name=self.alias.name,
                        department=department.name, count=relinked)
        else:
            message = _('"%(name)s" is no longer mapped: %(count)s records unlinked.', name=self.alias.name,
                        count=relinked)
        if not is_htmx():
            flash(message, 'success')
            return redirect(url_for('gemdata.aliases'), 303)
        return hx_trigger(self.row(form), 'flash', message)

    def row(self, form, status=200):
        return make_response(render_template('gemdata/_alias_row.html', alias=self.alias, form=form,
                                             usage=queries.get_alias_usage([self.alias])), status)


# --- import history ------------------------------------------------------------------------------------------

class ListImportsView(ManageImportsBase, ListViewBase):
    LISTING = queries.IMPORT_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'gemdata/imports.html', 'gemdata/_imports_table.html', 'imports'

    def statement(self):
        return queries.visible_batches()

    def export_columns(self, rows):
        return [('#', lambda b: b.id), (_('When'), lambda b: b.created_dt),
                (_('Who'), lambda b: b.created_by.name if b.created_by else _('Command line')),
                (_('Shape'), lambda b: str(queries.shape_title(b.shape))), (_('File'), lambda b: b.filename),
                (_('Result'), lambda b: title(b.state)), (_('Errors'), lambda b: b.error_count)]

    def context(self, items):
        return {'state_choices': queries.enum_choices(ImportState), 'shape_choices': queries.import_shape_choices(),
                'kind_titles': RECORD_KIND_TITLES, 'count_titles': COUNT_TITLES, 'shape_title': queries.shape_title}


class ImportBatchView(ManageImportsBase):
    """One import: its counts and row-level errors; ``?format=xlsx|csv`` downloads every error."""

    #: errors shown on the page; the download has all of them
    ERRORS_SHOWN = 200

    def load(self, batch_id):
        self.batch = db.get_or_404(ImportBatch, batch_id)

    def get(self, batch_id):
        fmt = request.args.get('format')
        if fmt:
            columns = [(_('File'), lambda e: e.get('file')), (_('Row'), lambda e: e.get('row')),
                       (_('Column'), lambda e: e.get('column')), (_('Value'), lambda e: e.get('value')),
                       (_('Problem'), lambda e: e.get('message')),
                       (_('Record kind'), lambda e: str(RECORD_KIND_TITLES.get(e.get('kind'), e.get('kind') or '')))]
            return export_response(self.batch.errors or [], columns, fmt, f'import-{self.batch.id}-errors')
        if wants_fragment() and request.args.get('poll'):
            if self.batch.state is not ImportState.running:
                response = make_response('')
                response.headers['HX-Refresh'] = 'true'  # finished: show the counts and errors
                return response
            return render_template('gemdata/_import_progress.html', batch=self.batch,
                                   progress=get_progress(self.batch.id))
        return render_template('gemdata/import_batch.html', batch=self.batch, kind_titles=RECORD_KIND_TITLES,
                               count_titles=COUNT_TITLES, errors=(self.batch.errors or [])[:self.ERRORS_SHOWN],
                               progress=get_progress(self.batch.id), commit_form=EmptyForm(),
                               same_file=queries.get_imports_of_same_file(self.batch),
                               shape_title=queries.shape_title(self.batch.shape))


# --- new imports: upload -> dry run -> commit (in the worker) ---------------------------------------------------

def start_import(batch: ImportBatch, path) -> str:
    """Commit the batch row (the worker reads it from its own connection), queue the import, and return the URL of
    the batch page, which follows its progress."""
    db.session.add(batch)
    db.session.commit()
    import_file(batch.id, str(path), current_user.id)
    return url_for('gemdata.import_batch', batch_id=batch.id)


class NewImportView(ManageImportsBase, FormViewBase):
    """Upload a file; it is checked first (a dry run: counts and errors, nothing written)."""

    TEMPLATE = 'gemdata/import_new.html'

    def make_form(self):
        return ImportForm()

    def save(self, form):
        upload = form.file.data
        path, sha256, size = store_upload(upload.stream, upload.filename)
        batch = ImportBatch(shape=form.shape.data, profile=form.profile, filename=safe_name(upload.filename),
                            sha256=sha256, size=size, state=ImportState.running, is_dry_run=True,
                            created_by=current_user)
        return start_import(batch, path)


class CommitImportView(ManageImportsBase):
    """Import for real the file a dry run checked."""

    def load(self, batch_id):
        self.batch = db.get_or_404(ImportBatch, batch_id)

    def post(self, batch_id):
        checked = self.batch
        path = stored_path(checked.sha256, checked.filename)
        already = any(b.id > checked.id for b in queries.get_imports_of_same_file(checked))
        if not EmptyForm().validate_on_submit() or not checked.can_commit() or already or not path.exists():
            flash(_('This check cannot be imported: run the check again with the file.'), 'error')
            return redirect(url_for('gemdata.import_batch', batch_id=checked.id), 303)
        batch = ImportBatch(shape=checked.shape, profile=checked.profile, filename=checked.filename,
                            sha256=checked.sha256, size=checked.size, state=ImportState.running, is_dry_run=False,
                            created_by=current_user)
        return redirect(start_import(batch, path), 303)


class ImportTemplateView(ManageImportsBase):
    """gemcell's own import template (XLSX), with a filled example row on each sheet."""

    def get(self):
        response = make_response(template_workbook(example=True))
        response.mimetype = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        response.headers['Content-Disposition'] = 'attachment; filename="gemcell-import-template.xlsx"'
        return response


# --- column-mapping profiles (the ``mapped`` shape) ------------------------------------------------------------

_SHA256 = re.compile(r'[0-9a-f]{64}')


class MappingViewBase(ManageImportsBase):
    """The column-mapping page: a sample file (uploaded once, then named by its hash), a record kind and one
    ``map-<field>`` select per field of that kind."""

    def kind(self) -> str | None:
        kind = request.form.get('kind', '')
        return kind if kind in KIND_SHEETS else None

    def sample(self) -> tuple[Path, str] | None:
        """The uploaded sample the form names, if it is still stored."""
        sha256, filename = request.form.get('sha256', ''), safe_name(request.form.get('filename', ''))
        if not _SHA256.fullmatch(sha256):
            return None
        path = stored_path(sha256, filename)
        return (path, filename) if path.is_file() else None

    def mapping(self, kind: str) -> dict[str, str]:
        return {column.field: request.form[f'map-{column.field}'] for column in KIND_SHEETS[kind].columns
                if request.form.get(f'map-{column.field}')}


def _guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """The headers that already mean a field (the template's header aliases)."""
    by_name = {normalize_header(header): header for header in headers}
    guess = {}
    for column in KIND_SHEETS[kind].columns:
        found = next((by_name[name] for name in column.names() if name in by_name), None)
        if found:
            guess[column.field] = found
    return guess


class NewMappingView(MappingViewBase):
    """Make a profile: upload a sample and choose the kind, map the fields to its headers, preview, save."""

    def render(self, status: int = 200, **context):
        kinds = [(kind, RECORD_KIND_TITLES[kind]) for kind in KIND_SHEETS]
        return render_template('gemdata/mapping.html', kinds=kinds, sheets=KIND_SHEETS, **context), status

    def get(self):
        return self.render()

    def post(self):
        kind = self.kind()
        upload = request.files.get('file')
        if upload is not None and upload.filename:
            path, sha256, _size = store_upload(upload.stream, upload.filename)
            filename = safe_name(upload.filename)
        else:
            sample = self.sample()
            if sample is None:
                return self.render(422, error=_('Upload a sample file.'))
            (path, filename), sha256 = sample, request.form['sha256']
        if kind is None:
            return self.render(422, error=_('Choose what the file holds.'))
        try:
            with read_table(path, filename=filename, max_bytes=DEFAULT_LIMITS['max_bytes'], max_rows=10) as table:
                headers = list(table.headers)
        except FileRejected as rejected:
            return self.render(422, error=str(rejected))
        context = {'kind': kind, 'sha256': sha256, 'filename': filename, 'headers': headers,
                   'name': request.form.get('name', '').strip()}
        if request.form.get('action') != 'save':
            return self.render(mapping=_guess_mapping(kind, headers), **context)
        mapping = self.mapping(kind)
        context['mapping'] = mapping
        name = context['name']
        if not name or len(name) > 80:
            return self.render(422, error=_('Give the profile a name (at most 80 characters).'), **context)
        if get_profile(name) is not None:
            return self.render(422, error=_('There is already a profile called "%(name)s".', name=name), **context)
        try:
            row_parser(kind, mapping, headers)
        except FileRejected as rejected:
            return self.render(422, error=str(rejected), **context)
        db.session.add(MappingProfile(name=name, kind=kind, columns=mapping, created_by=current_user))
        db.session.flush()
        flash(_('The column-mapping profile "%(name)s" is saved. Import with: flask gemcell import mapped FILE '
                '--profile "%(name)s"', name=name), 'success')
        return redirect(url_for('gemdata.mappings'), 303)


class ListMappingsView(ManageImportsBase):
    """The saved column-mapping profiles: which header feeds which field, and how often each was used."""

    def get(self):
        pagination, state = queries.MAPPING_LISTING.apply(db.select(MappingProfile))
        kinds = [('', _('All'))] + [(kind, str(title)) for kind, title in RECORD_KIND_TITLES.items()
                                    if kind in KIND_SHEETS]
        headers = {kind: {column.field: column.headers[0] for column in sheet.columns}
                   for kind, sheet in KIND_SHEETS.items()}
        return render_page('gemdata/mappings.html', 'gemdata/_mappings_table.html', pagination=pagination,
                           state=state, kinds=kinds, kind_titles=RECORD_KIND_TITLES, field_headers=headers,
                           usage=queries.get_profile_usage(pagination.items), form=EmptyForm())


class DeleteMappingView(ManageImportsBase):
    """Delete a profile (the imports made with it keep its name); to change one, delete it and make it again."""

    def load(self, profile_id):
        self.profile = db.get_or_404(MappingProfile, profile_id)

    def post(self, profile_id):
        if EmptyForm().validate_on_submit():
            name = self.profile.name
            db.session.delete(self.profile)
            db.session.flush()
            flash(_('The column-mapping profile "%(name)s" is deleted.', name=name), 'success')
        return redirect(url_for('gemdata.mappings'), 303)


class PreviewMappingView(MappingViewBase):
    """The first rows of the sample parsed with the mapping on the page (an htmx fragment)."""

    ROWS = 5

    def post(self):
        kind, sample = self.kind(), self.sample()
        if kind is None or sample is None:
            return render_template('gemdata/_mapping_preview.html', error=_('Upload a sample file.')), 422
        try:
            fields, rows = preview(sample[0], sample[1], kind, self.mapping(kind), rows=self.ROWS)
        except FileRejected as rejected:
            return render_template('gemdata/_mapping_preview.html', error=str(rejected)), 422
        headers = {column.field: column.headers[0] for column in KIND_SHEETS[kind].columns}
        rows = [(row, [(field, value if problem else _shown(value), problem) for field, value, problem in cells])
                for row, cells in rows]
        return render_template('gemdata/_mapping_preview.html', fields=fields, rows=rows, headers=headers)


def _shown(value) -> str:
    """A parsed value as the pages show it."""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, TitledEnum):
        return str(value.title)
    return '' if value is None else str(value)
