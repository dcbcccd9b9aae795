"""``synthesise()``: fill an empty database with a synthetic State, in one transaction the caller commits.

The order follows the foreign keys: the directory and the users, then (with the big tables' indexes deferred) the
sellers, the bids with their bidders, the orders, the payment timelines and reports, the returns and the tickets.
Ids are given, not drawn from sequences, so the rows are the same for the same seed whichever the database. The
audit trail gets one entry per table (the rows written, the seed and the scale), not one per row.
"""
import multiprocessing
import pickle  # nosec B403 - pickles pass only between this process and the one it started
import queue
import threading
import time
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace

import sqlalchemy as sa

from gemcell.auth.passwords import hash_password
from gemcell.core.audit import AuditAction, append_entries
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.gemdata.models import ImportBatch
from gemcell.synth import gemdata, helpdesk, returns
from gemcell.synth.loader import Loader
from gemcell.synth.world import Scale, World

#: the managed lists the migrations ship: kept by ``--force``
KEPT = ('alembic_version', 'return_list_items', 'ticket_categories', 'helpdesk_calendar_days',
        'payment_delay_reasons')
#: the tables written with their indexes deferred: their columns, in the order of the rows
COLUMNS = {
    'sellers': gemdata.SELLER_COLUMNS, 'bids': gemdata.BID_COLUMNS, 'bidders': gemdata.BIDDER_COLUMNS,
    'orders': gemdata.ORDER_COLUMNS, 'bid_payment_terms': gemdata.TERM_COLUMNS,
    'payment_reports': gemdata.REPORT_COLUMNS, 'payment_statuses': gemdata.STATUS_COLUMNS,
    'returns': returns.RETURN_COLUMNS, 'return_versions': returns.VERSION_COLUMNS,
    'tickets': helpdesk.TICKET_COLUMNS, 'ticket_events': helpdesk.EVENT_COLUMNS,
    'ticket_pauses': helpdesk.PAUSE_COLUMNS, 'ticket_messages': helpdesk.MESSAGE_COLUMNS,
    'ticket_references': helpdesk.REFERENCE_COLUMNS,
    'department_aliases': ('id', 'key', 'name', 'department_id', 'seen_count', 'created_dt', 'modified_dt'),
}
#: the synthetic import's batch: every imported row names it
BATCH_ID = 1
#: rows per chunk sent from the producer
CHUNK = 20_000
#: from this many orders the bids and orders are made in a second process
PARALLEL_MIN_ORDERS = 100_000
USER_COLUMNS = ('id', 'login', 'name', 'designation', 'email', 'password_hash', 'role', 'department_id', 'is_active',
                'locale', 'failed_logins', 'created_dt', 'modified_dt')
BATCH_COLUMNS = ('id', 'shape', 'filename', 'sha256', 'size', 'state', 'is_dry_run', 'counts', 'errors',
                 'error_count', 'rows_done', 'rows_total', 'created_dt', 'finished_dt')


class SynthRefused(Exception):
    """The database holds records already."""


def existing_departments() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Department)) or 0


def synthesise(scale: Scale, seed: int, today: date, password: str, force: bool = False,
               progress: Callable[[str, float], None] | None = None, parallel: bool | None = None
               ) -> dict[str, int]:
    """Write the synthetic State for ``(scale, seed, today)``; returns the rows written per table. Refuses a
    database that holds departments, unless ``force`` (then every record is deleted first, but the shipped managed
    lists). ``parallel``: make the bids and orders in a second process (default: at the State's scale, on a
    database file)."""
    session = db.session
    held = existing_departments()
    if held and not force:
        raise SynthRefused(f'The database already holds {held} department(s). synth fills an empty database: '
                           f'run it with --force to delete every record first (the managed lists the migrations '
                           f'ship are kept), or point it at a new database.')
    started, cpu = time.perf_counter(), time.process_time()

    def done(stage: str):
        if progress is not None:
            progress(stage, time.perf_counter() - started, time.process_time() - cpu)

    connection = session.connection()
    loader = Loader(connection)
    loader.prepare()
    if force:
        empty_database(connection)
        done('emptied the database')
    _seed_lists()
    password_hash = hash_password(password)
    if parallel is None:
        parallel = scale.orders >= PARALLEL_MIN_ORDERS and connection.engine.url.database not in (None, '', ':memory:')
    producer = _Producer.start((scale, seed, today, BATCH_ID, _rules()), parallel)
    world = World(scale, seed, today)
    done('drew the departments, offices, sellers and users')
    _directory(loader, world, password_hash)
    loader.write('import_batches', BATCH_COLUMNS, [
        (BATCH_ID, 'synth', f'synth-{scale.name}-seed-{seed}', f'{seed:064d}'[-64:], 0, 'committed', False, '{}',
         '[]', 0, 0, None, world.imported, world.imported)])
    loader.defer(list(COLUMNS))
    loader.write('sellers', gemdata.SELLER_COLUMNS, gemdata.seller_rows(world, BATCH_ID))
    loader.restore('sellers')
    done('sellers')
    made = None
    for kind, table, payload in producer.messages():
        if kind == 'rows':
            loader.write(table, COLUMNS[table], payload)
        elif kind == 'complete':
            loader.restore(table)
            done(f'{table} written, indexes made')
        else:
            made = payload
    loader.restore_all()
    done('payments, returns and tickets written, indexes made')
    if producer.process is not None:
        done(f'(the second process made the rows in {made.cpu:.1f} s of CPU, waited {made.blocked:.1f} s to send '
             f'them; this one waited {producer.waited:.1f} s for them)')
    counts = {kind: {'new': loader.counts[table]} for kind, table in
              (('seller', 'sellers'), ('bid', 'bids'), ('bidder', 'bidders'), ('order', 'orders'))}
    rows = sum(count['new'] for count in counts.values())
    connection.execute(sa.update(ImportBatch.__table__).where(ImportBatch.__table__.c.id == BATCH_ID).values(
        counts=counts, rows_done=rows, rows_total=rows))
    loader.restart_sequences(list(loader.counts))
    append_entries(session, [(AuditAction.insert, table, f'synth:{seed}',
                              {'synthetic_rows': (None, count), 'seed': (None, seed), 'scale': (None, scale.name),
                               'today': (None, today.isoformat())})
                             for table, count in loader.counts.items()])
    _knowledge_base(world)
    _circulars(world)
    done('knowledge base and circulars')
    loader.analyze(list(loader.counts))
    done('statistics for the planner')
    return dict(loader.counts)


def produce(scale: Scale, seed: int, today: date, batch_id: int, rules: SimpleNamespace):
    """Everything but the directory, the users and the sellers, table by table: ``('rows', table, rows)`` in
    chunks, ``('complete', table, None)`` once a table is whole, and last ``('done', None, made)``. ``rules``: what
    the app's settings and managed lists say (``_rules``), for a process without the app."""
    world = World(scale, seed, today)
    bids = gemdata.Bids(world, batch_id)
    chunk, bidders = [], []
    for bid, its in bids.rows():
        chunk.append(bid)
        bidders.extend(its)
        if len(chunk) >= CHUNK // 4:
            yield 'rows', 'bids', chunk
            yield 'rows', 'bidders', bidders
            chunk, bidders = [], []
    yield 'rows', 'bids', chunk
    yield 'rows', 'bidders', bidders
    yield 'complete', 'bids', None
    yield 'complete', 'bidders', None
    orders = gemdata.Orders(world, bids, batch_id)
    yield from _chunks('orders', orders.rows())
    yield 'complete', 'orders', None
    yield from _chunks('bid_payment_terms', gemdata.payment_term_rows(world, bids))
    reports, statuses = gemdata.payment_report_rows(world, orders)
    yield 'rows', 'payment_reports', reports
    yield 'rows', 'payment_statuses', statuses
    returned = returns.Returns(world, orders, rules.due_days)
    yield from _chunks('returns', returned.rows())
    yield 'rows', 'return_versions', returned.versions
    tickets = helpdesk.Tickets(world, orders, bids, rules.categories, rules.calendar)
    yield from _chunks('tickets', tickets.rows())
    for table, rows in (('ticket_events', tickets.events), ('ticket_pauses', tickets.pauses),
                        ('ticket_messages', tickets.messages), ('ticket_references', tickets.references)):
        yield from _chunks(table, rows)
    yield 'rows', 'department_aliases', gemdata.alias_rows(world)
    yield 'done', None, SimpleNamespace(cpu=time.process_time())


def _chunks(table: str, rows):
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield 'rows', table, chunk
            chunk = []
    yield 'rows', table, chunk


class _Producer:
    """``produce()`` here, or in a second process (``spawn``: a fresh interpreter that draws the same world from the
    seed) whose chunks a thread of this process takes from the pipe as they come, while this process writes the ones
    before and makes the indexes of the tables complete: the two cores each do half the work. The rows are the same
    either way."""

    def __init__(self, args, process=None, receiver=None):
        self.args, self.process, self.receiver = args, process, receiver
        self.queue = queue.SimpleQueue()
        #: seconds this process waited for the second one's rows
        self.waited = 0.0

    @classmethod
    def start(cls, args, parallel: bool) -> '_Producer':
        if not parallel:
            return cls(args)
        context = multiprocessing.get_context('spawn')
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_produce_into, args=(args, sender), daemon=True)
        process.start()
        sender.close()
        producer = cls(args, process, receiver)
        threading.Thread(target=producer._drain, name='synth-receiver', daemon=True).start()
        return producer

    def _drain(self):
        """Take the pickled chunks off the pipe as they come (waiting for them without the GIL; the main thread
        unpickles them), so that the second process never waits on a full pipe."""
        try:
            while True:
                self.queue.put(self.receiver.recv_bytes())
        except EOFError:
            self.queue.put(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the main thread
            self.queue.put(pickle.dumps(('error', None, repr(exc))))

    def messages(self):
        if self.process is None:
            yield from produce(*self.args)
            return
        try:
            while True:
                started = time.perf_counter()
                data = self.queue.get()
                self.waited += time.perf_counter() - started
                if data is None:
                    raise RuntimeError('the process making the rows ended without finishing')
                message = pickle.loads(data)  # nosec B301 - the data comes from the process this one started, over its own pipe
                if message[0] == 'error':
                    raise RuntimeError(f'making the rows failed: {message[2]}')
                yield message
                if message[0] == 'done':
                    return
        finally:
            self.receiver.close()
            if self.process.is_alive():
                self.process.terminate()
            self.process.join()


def _produce_into(args, sender):
    import traceback
    try:
        blocked = 0.0
        for message in produce(*args):
            if message[0] == 'done':
                message[2].blocked = blocked
            data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
            started = time.perf_counter()
            sender.send_bytes(data)
            blocked += time.perf_counter() - started
    except BaseException:
        sender.send_bytes(pickle.dumps(('error', None, traceback.format_exc())))
    finally:
        sender.close()


def _directory(loader: Loader, world: World, password_hash: str):
    stamp = world.imported
    loader.write('districts', ('id', 'name_hi', 'name_en', 'division_hi', 'division_en'), world.districts)
    loader.write('departments', ('id', 'code', 'name_hi', 'name_en', 'is_active', 'created_dt', 'modified_dt'),
                 [(*department, True, stamp, stamp) for department in world.departments])
    loader.write('offices', ('id', 'department_id', 'district_id', 'name_hi', 'name_en', 'is_active', 'created_dt',
                             'modified_dt'), [(*office, True, stamp, stamp) for office in world.offices])
    loader.write('users', USER_COLUMNS, [
        (user_id, login, name, designation, f'{login}@gemcell.test', password_hash, role, department_id, True, locale,
         0, stamp, stamp) for user_id, login, name, designation, role, department_id, locale in world.users])


def _seed_lists():
    """The managed lists the migrations ship, where a database lacks them (the modules' own seeding)."""
    from gemcell.helpdesk.operations import seed_calendar, seed_categories
    from gemcell.payments.operations import seed_delay_reasons
    from gemcell.returns.operations import seed_lists
    seed_lists()
    seed_categories()
    seed_calendar()
    seed_delay_reasons()


def _rules() -> SimpleNamespace:
    """What the rows follow of the app's settings and managed lists: the days after a period by which a return is
    due, the ticket categories with their SLA hours, the helpdesk's working calendar."""
    from gemcell.helpdesk.models import TicketCategory
    from gemcell.helpdesk.queries import working_calendar
    from gemcell.returns.periods import FORTNIGHTS, MONTHS
    categories = [(c.id, c.code, (c.sla_urgent_hours, c.sla_high_hours, c.sla_normal_hours, c.sla_low_hours))
                  for c in db.session.scalars(sa.select(TicketCategory).filter_by(is_active=True)
                                              .order_by(TicketCategory.position, TicketCategory.id))]
    return SimpleNamespace(due_days={'fortnightly': FORTNIGHTS.due_days(), 'monthly': MONTHS.due_days()},
                           categories=categories, calendar=working_calendar())


def _knowledge_base(world: World):
    """The helpdesk's knowledge base (the demo's solved problems), through the module's own operation: it indexes
    the articles for the search the helpdesk's pages use."""
    from gemcell.auth.models import User
    from gemcell.helpdesk.demo import ARTICLES
    from gemcell.helpdesk.models import TicketCategory
    from gemcell.helpdesk.operations import save_article
    author = db.session.get(User, world.reviewer_ids[0])
    categories = {c.code: c.id for c in db.session.scalars(sa.select(TicketCategory))}
    for code, title, problem, fix in ARTICLES:
        save_article(None, {'title': title, 'problem': problem, 'fix': fix, 'category_id': categories.get(code),
                            'is_published': True}, author)


#: the cell's circulars to every department: (days before today, subject, paragraphs)
CIRCULARS = [
    (45, 'मासिक क्रय विवरणी एवं पाक्षिक आख्या समय से प्रस्तुत करने के सम्बन्ध में', [
        'कार्यालय-ज्ञाप संख्या 43/2020 दिनांक 11 दिसम्बर, 2020 द्वारा जेम सेल को सौंपे गये दायित्वों के क्रम में समस्त '
        'विभागों से अपेक्षा है कि वे जेम पोर्टल पर किये गये क्रय की मासिक विवरणी माह की समाप्ति के 7 दिवस के भीतर तथा '
        'विक्रेता पंजीकरण की पाक्षिक आख्या पक्ष की समाप्ति के 3 दिवस के भीतर जेम सेल के पोर्टल पर प्रस्तुत करें।',
        'समीक्षा में पाया गया है कि कतिपय विभागों द्वारा विवरणियाँ विलम्ब से प्रस्तुत की जा रही हैं अथवा प्रस्तुत ही नहीं '
        'की जा रही हैं। अतः निर्देशित किया जाता है कि आगामी माह से विवरणियाँ नियत तिथि तक अनिवार्य रूप से प्रस्तुत की '
        'जायें।']),
    (12, 'जेम पर आपूर्तिकर्ताओं को समय से भुगतान सुनिश्चित करने के सम्बन्ध में', [
        'जेम की सामान्य संविदा शर्तों के अनुसार सी0आर0ए0सी0 जारी होने के 10 दिवस के भीतर विक्रेता को भुगतान किया जाना '
        'है तथा सूक्ष्म एवं लघु उद्यमों को किसी भी दशा में 45 दिवस के भीतर भुगतान अनिवार्य है।',
        'जेम सेल की समीक्षा में अनेक विभागों के आदेशों का भुगतान नियत तिथि के पश्चात भी लम्बित पाया गया है। समस्त नोडल '
        'अधिकारी लम्बित भुगतानों की स्थिति जेम सेल के पोर्टल पर अद्यतन करें तथा विलम्ब का कारण अंकित करें।']),
]


def _circulars(world: World):
    """Two circulars of the cell to every department, issued by the In-charge through the documents module (the
    register has work, each nodal officer a PDF to read). Their numbers and verification codes are the register's,
    not the seed's."""
    from datetime import timedelta

    from gemcell.auth.models import User
    from gemcell.documents.operations import approve_document, create_document, issue_document
    head = db.session.get(User, world.cell_head_id)
    reviewer = db.session.get(User, world.reviewer_ids[0])
    departments = [department[0] for department in world.departments]
    for days, subject, paragraphs in CIRCULARS:
        data = {'lang': 'hi', 'title': 'कार्यालय-ज्ञाप', 'paragraphs': paragraphs,
                'signatory': {'name': head.name, 'designation': head.designation or ''},
                'copy_to': ['अपर मुख्य सचिव, सूक्ष्म, लघु एवं मध्यम उद्यम विभाग, उत्तर प्रदेश शासन।', 'गार्ड फाइल।']}
        document = create_document({'kind': 'office-memo', 'subject': subject, 'data': data,
                                    'addressees': ['समस्त विभागाध्यक्ष एवं नोडल अधिकारी (जेम), उत्तर प्रदेश।'],
                                    'department_ids': departments}, reviewer)
        approve_document(document, head)
        issue_document(document, head, today=world.today - timedelta(days=days))


def empty_database(connection: sa.Connection):
    """Delete every record but the shipped managed lists (``KEPT``)."""
    tables = [table.name for table in reversed(db.metadata.sorted_tables) if table.name not in KEPT]
    if connection.dialect.name == 'postgresql':
        connection.exec_driver_sql(f'TRUNCATE {", ".join(tables)} RESTART IDENTITY')
    else:
        for name in tables:
            connection.exec_driver_sql(f'DELETE FROM {name}')  # nosec B608 - table names from the metadata


def fill_database(url: str, scale: Scale, seed: int, today: date, password: str = 'gemcell-synth') -> dict:  # nosec B107 - the synthetic users of a benchmark database
    """Migrate the (new) database at ``url`` and fill it at ``scale``, in an app of its own: how the benchmarks
    make their data. Returns the rows written per table."""
    from flask_migrate import upgrade

    from gemcell import create_app
    from gemcell.config import Config
    from gemcell.synth.loader import rollback_journal
    config = type('SynthConfig', (Config,), {'SQLALCHEMY_DATABASE_URI': url, 'SECRET_KEY': 'synth',  # nosec B105 - the throw-away app that fills a benchmark database
                                             'PASSWORD_HASH_METHOD': 'pbkdf2:sha256:1000'})  # nosec B105 - the name of a hash method
    app = create_app(config)
    with app.app_context():
        upgrade()
        db.session.info['audit_actor'] = (None, 'synth')
        with rollback_journal(db.engine):
            try:
                counts = synthesise(scale, seed, today, password)
                db.session.commit()
            finally:
                db.session.close()
        db.engine.dispose()
    return counts
