"""What the data mirror tells other modules: an import was committed (sent after its transaction's commit, with
the batch id as sender). Scrutiny listens, so that the mirror does not depend on the modules that read it."""
from blinker import Namespace

_signals = Namespace()

import_committed = _signals.signal('import-committed')
