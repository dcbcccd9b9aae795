"""``make load``'s preparation, after ``flask gemcell synth``: directions issued to every department, so that each
nodal officer has office memos to read and download as PDF. Run with the app's configuration (DATABASE_URL)."""
import sys
from datetime import timedelta

import sqlalchemy as sa

from gemcell import create_app
from gemcell.auth.models import User
from gemcell.core.permissions import Role
from gemcell.directives import operations
from gemcell.directory.models import Department
from gemcell.extensions import db
from gemcell.returns.queries import today

POINTS = ['जिन आदेशों में CRAC के 10 दिन के उपरान्त भी भुगतान लम्बित है, उनका भुगतान तत्काल कराया जाए।',
          'विलम्ब से भुगतान पर देय ब्याज का आगणन कर विवरण उपलब्ध कराया जाए।']


def main(count: int) -> None:
    app = create_app()
    with app.app_context():
        head = db.session.scalar(sa.select(User).where(User.role == Role.cell_head).order_by(User.id))
        reviewer = db.session.scalar(sa.select(User).where(User.role == Role.reviewer).order_by(User.id))
        departments = list(db.session.scalars(sa.select(Department.id).order_by(Department.id)))
        day = today()
        groups = max(count // 2, 1)
        for n in range(count):  # each department is addressed by two of them
            addressed = departments[n % groups::groups]
            direction = operations.draft_direction(
                f'लम्बित भुगतानों का समयबद्ध निस्तारण ({n + 1})', POINTS, addressed, 'cell', day + timedelta(days=15),
                source=operations.Source('payments', None, 'माह के लम्बित भुगतान', '/payments/'), user=reviewer)
            operations.issue_direction(direction, head, day - timedelta(days=n % 10))
            db.session.commit()
        print(f'{count} directions issued, each an office memo with its PDF')


if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
