"""A real SMTP server for the tests (no mocks): it speaks enough of the protocol for smtplib and keeps every message
it receives."""
import socketserver
import threading
from email import message_from_bytes, policy


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write((line + '\r\n').encode())

    def handle(self):
        self.reply('220 sink ESMTP')
        envelope = {'from': None, 'to': []}
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode('utf-8', 'replace').strip()
            verb = command[:4].upper()
            if verb in ('EHLO', 'HELO'):
                self.reply('250-sink')
                self.reply('250 8BITMIME')
            elif verb == 'MAIL':
                envelope = {'from': command.split(':', 1)[1].strip(), 'to': []}
                self.reply('250 OK')
            elif verb == 'RCPT':
                envelope['to'].append(command.split(':', 1)[1].strip().strip('<>'))
                self.reply('250 OK')
            elif verb == 'DATA':
                self.reply('354 End data with <CR><LF>.<CR><LF>')
                lines = []
                while True:
                    data = self.rfile.readline()
                    if data in (b'.\r\n', b'.\n', b''):
                        break
                    lines.append(data[1:] if data.startswith(b'..') else data)
                message = message_from_bytes(b''.join(lines), policy=policy.default)
                self.server.messages.append({'envelope': envelope, 'message': message})
                self.reply('250 OK: queued')
            elif verb == 'QUIT':
                self.reply('221 Bye')
                return
            else:
                self.reply('250 OK')


class SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(('127.0.0.1', 0), _Handler)
        self.messages = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
