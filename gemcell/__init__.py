"""gemcell: the intranet application of the GeM Cell, MSME Department, Government of Uttar Pradesh."""
import logging
from pathlib import Path

from flask import Flask

from gemcell.config import ROOT, Config

logger = logging.getLogger(__name__)


def import_models():
    """Import every module's ``models`` so the mapper registry (and so migrations and tests) know all tables."""
    import importlib
    import pkgutil

    for module in pkgutil.iter_modules(__path__):
        if module.ispkg and (Path(__path__[0]) / module.name / 'models.py').exists():
            importlib.import_module(f'{__name__}.{module.name}.models')


def create_app(config=None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / 'templates'), static_folder=str(ROOT / 'static'),
                instance_path=str(Config.INSTANCE_PATH))
    app.config.from_object(config or Config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.logger.setLevel(app.config['LOG_LEVEL'])
    if app.config['TRUSTED_PROXIES']:
        from werkzeug.middleware.proxy_fix import ProxyFix
        proxies = app.config['TRUSTED_PROXIES']
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    import_models()
    _init_extensions(app)
    _register_blueprints(app)

    from gemcell.core.errors import register_error_handlers
    register_error_handlers(app)
    from gemcell import cli
    cli.init_app(app)
    return app


def _init_extensions(app):
    from gemcell.core import audit, i18n, security
    from gemcell.core.permissions import Permission, Role, has_permission
    from gemcell.extensions import babel, csrf, db, login_manager, migrate
    from gemcell.tasks import huey

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / 'migrations'))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)
    audit.install()
    huey.immediate = app.config['HUEY_IMMEDIATE']

    from gemcell.auth import sessions
    from gemcell.auth.views import load_user, unauthorized
    login_manager.init_app(app)
    login_manager.user_loader(load_user)
    login_manager.unauthorized_handler(unauthorized)
    login_manager.session_protection = 'basic'
    sessions.init_app(app)

    if app.config['SQLALCHEMY_DATABASE_URI'].startswith('sqlite'):
        _sqlite_pragmas(app, db)
    elif app.config['SQLALCHEMY_DATABASE_URI'].startswith('postgresql'):
        _postgres_settings(app, db)

    from gemcell.core.listing import query_args
    app.jinja_env.globals['query_args'] = query_args

    @app.context_processor
    def inject_permissions():
        from flask_login import current_user
        return {'can': lambda name: has_permission(current_user, Permission[name]),
                'role_titles': {role.value: role.title for role in Role},
                'action_titles': audit.ACTION_TITLES}


def _sqlite_pragmas(app, db):
    import sqlalchemy as sa

    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, 'connect')
    def _on_connect(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA foreign_keys=ON')
        cursor.execute('PRAGMA busy_timeout=10000')
        if app.config['SQLALCHEMY_DATABASE_URI'] not in ('sqlite://', 'sqlite:///:memory:'):
            # for a new database (fixed once its first table exists): imported rows carry their source record (a
            # kilobyte or so), and 16 KiB pages make a large import's transaction a quarter of the pages and WAL
            # frames that the default 4 KiB would
            cursor.execute('PRAGMA page_size=16384')
            cursor.execute('PRAGMA journal_mode=WAL')
            cursor.execute('PRAGMA synchronous=NORMAL')  # safe with WAL: consistent after a crash, fewer fsyncs
        cursor.close()


def _postgres_settings(app, db):
    import sqlalchemy as sa

    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, 'connect')
    def _on_connect(dbapi_connection, _record):
        # no JIT compilation: the app's larger reads (a department's orders, the State's payments) cost PostgreSQL's
        # planner enough to compile them, which took 15-20 ms more than it saved on each one.
        # A plan for the values of each execution: psycopg prepares a statement run five times, and PostgreSQL may
        # then keep one generic plan for any values, blind to how many rows this department or state has (a
        # finding's page went from 5 ms to half a second under load); planning these reads costs far less
        with dbapi_connection.cursor() as cursor:
            cursor.execute('SET jit = off')
            cursor.execute('SET plan_cache_mode = force_custom_plan')
        dbapi_connection.commit()


def _register_blueprints(app):
    from gemcell.audit.blueprint import bp as audit_bp
    from gemcell.auth.blueprint import bp as auth_bp
    from gemcell.cases.blueprint import bp as cases_bp
    from gemcell.directory.blueprint import bp as directory_bp
    from gemcell.documents.blueprint import bp as documents_bp
    from gemcell.gemdata.blueprint import bp as gemdata_bp
    from gemcell.helpdesk.blueprint import bp as helpdesk_bp
    from gemcell.home.blueprint import bp as home_bp
    from gemcell.meetings.blueprint import bp as meetings_bp
    from gemcell.payments.blueprint import bp as payments_bp
    from gemcell.reports.blueprint import bp as reports_bp
    from gemcell.opendata.blueprint import bp as opendata_bp
    from gemcell.returns.blueprint import bp as returns_bp
    from gemcell.scrutiny.blueprint import bp as scrutiny_bp
    from gemcell.directives.blueprint import bp as directives_bp
    from gemcell.opinions.blueprint import bp as opinions_bp
    from gemcell.provisions.blueprint import bp as provisions_bp

    for bp in (home_bp, auth_bp, directory_bp, gemdata_bp, audit_bp):
        app.register_blueprint(bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(scrutiny_bp)
    app.register_blueprint(returns_bp)
    app.register_blueprint(helpdesk_bp)
    app.register_blueprint(meetings_bp)
    app.register_blueprint(directives_bp)
    app.register_blueprint(opinions_bp)
    app.register_blueprint(provisions_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(cases_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(opendata_bp)
