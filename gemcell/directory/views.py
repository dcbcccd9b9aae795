from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from gemcell.auth.forms import EmptyForm
from gemcell.auth.models import User
from gemcell.core.permissions import Permission, Role
from gemcell.core.scoping import get_visible_or_404
from gemcell.core.views import FormViewBase, GemView, ListViewBase
from gemcell.directory import operations, queries
from gemcell.directory.forms import DepartmentForm, OfficeForm, UserForm
from gemcell.directory.models import Department, Office
from gemcell.extensions import db


# --- departments ---------------------------------------------------------------------------------------------

class DirectoryViewBase(GemView):
    PERMISSION = Permission.VIEW_DIRECTORY


class ListDepartmentsView(DirectoryViewBase, ListViewBase):
    """Departments: search, filter, sort and paginate in place (htmx); ``?format=csv|xlsx`` downloads the list."""

    LISTING = queries.DEPARTMENT_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'directory/list.html', 'directory/_table.html', 'departments'

    def statement(self):
        return queries.visible_departments(current_user)

    def export_columns(self, rows):
        counts = queries.get_office_counts(rows)
        return [(_('Code'), lambda d: d.code), (_('Name (Hindi)'), lambda d: d.name_hi),
                (_('Name (English)'), lambda d: d.name_en), (_('Offices'), lambda d: counts[d.id]),
                (_('Active'), lambda d: _('Yes') if d.is_active else _('No'))]

    def context(self, items):
        return {'office_counts': queries.get_office_counts(items), 'status_choices': queries.STATUS_CHOICES,
                'district_choices': [('', _('All districts'))] + [(d.id, d.name) for d in queries.get_districts()]}


class DepartmentViewBase(DirectoryViewBase):
    def load(self, department_id):
        self.department = get_visible_or_404(Department, department_id, current_user)


class DepartmentDetailView(DepartmentViewBase):
    def get(self, department_id):
        offices = db.session.scalars(queries.visible_offices(current_user, self.department)).all()
        users = db.session.scalars(db.select(User).filter_by(department_id=self.department.id)
                                   .order_by(User.name)).all()
        return render_template('directory/detail.html', department=self.department, offices=offices, users=users)


class DepartmentFormBase(FormViewBase):
    PERMISSION = Permission.MANAGE_DIRECTORY
    TEMPLATE = 'directory/edit.html'
    SAVED = _l('Department saved.')
    department = None

    def make_form(self):
        return DepartmentForm(obj=self.department)

    def save(self, form):
        department = operations.save_department(form.data, self.department)
        return url_for('directory.detail', department_id=department.id)

    def context(self):
        return {'department': self.department}


class CreateDepartmentView(DepartmentFormBase):
    pass


class EditDepartmentView(DepartmentFormBase):
    def load(self, department_id):
        self.department = db.get_or_404(Department, department_id)


# --- offices -------------------------------------------------------------------------------------------------

def office_form(*args, **kwargs) -> OfficeForm:
    form = OfficeForm(*args, **kwargs)
    form.district_id.choices = [SelectChoice(0, '—')] + [SelectChoice(d.id, d.name) for d in queries.get_districts()]
    return form


class OfficeDetailView(DirectoryViewBase):
    def load(self, office_id):
        self.office = get_visible_or_404(Office, office_id, current_user)

    def get(self, office_id):
        return render_template('directory/office.html', office=self.office)


class OfficeFormBase(FormViewBase):
    PERMISSION = Permission.MANAGE_DIRECTORY
    TEMPLATE = 'directory/edit_office.html'
    SAVED = _l('Office saved.')
    office = None

    def make_form(self):
        return office_form(obj=self.office)

    def save(self, form):
        office = operations.save_office(form.data, self.department, self.office)
        return url_for('directory.office', office_id=office.id)

    def context(self):
        return {'department': self.department, 'office': self.office}


class CreateOfficeView(OfficeFormBase):
    def load(self, department_id):
        self.department = db.get_or_404(Department, department_id)


class EditOfficeView(OfficeFormBase):
    def load(self, office_id):
        self.office = db.get_or_404(Office, office_id)
        self.department = self.office.department


# --- users ---------------------------------------------------------------------------------------------------

class ManageUsersBase(GemView):
    PERMISSION = Permission.MANAGE_USERS


def user_form(*args, **kwargs) -> UserForm:
    form = UserForm(*args, **kwargs)
    form.department_id.choices = [SelectChoice(0, '—')] + [SelectChoice(d.id, f'{d.name} ({d.code})')
                                                       for d in queries.department_entries()]
    return form


class ListUsersView(ManageUsersBase, ListViewBase):
    LISTING = queries.USER_LISTING
    PAGE, PARTIAL, EXPORT_NAME = 'directory/users.html', 'directory/_users_table.html', 'users'

    def statement(self):
        return db.select(User).outerjoin(User.department).options(selectinload(User.department))

    def export_columns(self, rows):
        return [(_('Login'), lambda u: u.login), (_('Name'), lambda u: u.name),
                (_('Designation'), lambda u: u.designation), (_('Role'), lambda u: str(u.role.title)),
                (_('Department'), lambda u: u.department.name if u.department else ''),
                (_('Active'), lambda u: _('Yes') if u.is_active else _('No'))]

    def context(self, items):
        return {'unlock_form': EmptyForm(),
                'role_choices': [('', _('All'))] + [(role.value, role.title) for role in Role],
                'department_choices': [('', _('All'))] + queries.department_options()}


class UserFormBase(FormViewBase):
    PERMISSION = Permission.MANAGE_USERS
    TEMPLATE = 'directory/edit_user.html'
    SAVED = _l('User saved.')
    user = None

    def make_form(self):
        if self.user is None:
            return user_form()
        return user_form(obj=self.user, role=self.user.role.value, department_id=self.user.department_id or 0)

    def save(self, form):
        operations.save_user(form.data, self.user)
        return url_for('directory.users')

    def context(self):
        return {'user': self.user}


class CreateUserView(UserFormBase):
    pass


class UserViewBase(ManageUsersBase):
    def load(self, user_id):
        self.user = db.get_or_404(User, user_id)


class EditUserView(UserViewBase, UserFormBase):
    pass


class UnlockUserView(UserViewBase):
    def post(self, user_id):
        if EmptyForm().validate_on_submit():
            operations.unlock_user(self.user)
            flash(_('The account %(login)s is unlocked.', login=self.user.login), 'success')
        return redirect(url_for('directory.users'), 303)

