"""Verification by code/QR and by hash (public, metadata only), and digital signatures with a throw-away CA."""
import io
from datetime import date, datetime, timedelta, timezone

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from gemcell.documents import operations, signing
from gemcell.documents.pdf import read_embedded
from tests.documents.test_register import fields

BODY = 'ई0एम0डी0 की माँग नियम विरुद्ध है।'


def issue(db, user):
    document = operations.create_document(fields(), user)
    operations.approve_document(document, user)
    operations.issue_document(document, user, today=date(2026, 11, 26))
    db.session.commit()
    return document


def test_verify_page_is_public_and_shows_metadata_never_the_body(db, client, create_user):
    head = create_user(role='cell_head', name='अनुराग यादव', designation='प्रभारी, जेम सेल')
    document = issue(db, head)
    pdf = operations.read_issued_pdf(document)
    embedded, _html = read_embedded(pdf)
    assert embedded['verification_code'] == document.verification_code
    assert f'/verify/{document.verification_code}' in _html  # the code and QR link are printed on the page

    response = client.get(f'/verify/{document.verification_code.lower().replace("-", "")}')  # typed loosely
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for shown in (document.number, document.subject, 'अनुराग यादव', '26 नवम्बर 2026'):
        assert shown in html
    assert BODY not in html and 'निविदा निरस्त करने' not in html
    assert client.get('/verify/AAAA-BBBB').status_code == 404

    ok = client.post(f'/verify/{document.verification_code}', data={'pdf': (io.BytesIO(pdf), 'copy.pdf')},
                     content_type='multipart/form-data')
    assert ok.status_code == 200 and 'id="verify-result" role="status"' in ok.get_data(as_text=True)
    tampered = pdf.replace(b'/Producer', b'/Producex', 1) if b'/Producer' in pdf else pdf + b'\n'
    bad = client.post(f'/verify/{document.verification_code}', data={'pdf': (io.BytesIO(tampered), 'copy.pdf')},
                      content_type='multipart/form-data')
    text = bad.get_data(as_text=True)
    assert 'role="alert"' in text and document.number in text  # it still says which number it claims to be


def test_verify_upload_without_csrf_token_is_refused(csrf_app, db, create_user, create_document):
    document = create_document(verification_code='ABCD-EFGH')
    db.session.commit()
    client = csrf_app.test_client()
    response = client.post('/verify/ABCD-EFGH', data={'pdf': (io.BytesIO(b'%PDF'), 'x.pdf')},
                           content_type='multipart/form-data')
    assert response.status_code == 400
    assert document.id


# --- signatures ------------------------------------------------------------------------------------------------

def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, 'IN'),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, 'GeM Cell Test CA'),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@pytest.fixture(scope='module')
def certificate(tmp_path_factory):
    """A throw-away CA and an officer's signing certificate, as a PKCS#12 file with a password."""
    now = datetime.now(timezone.utc)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_cert = (x509.CertificateBuilder().subject_name(_name('Test Root')).issuer_name(_name('Test Root'))
               .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False, key_agreement=False,
                                            key_cert_sign=True, crl_sign=True, encipher_only=False,
                                            decipher_only=False), critical=True)
               .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder().subject_name(_name('Anurag Yadav')).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False, key_agreement=False,
                                         key_cert_sign=False, crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
            .sign(ca_key, hashes.SHA256()))
    path = tmp_path_factory.mktemp('certs') / 'officer.p12'
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b'officer', key, cert, [ca_cert], serialization.BestAvailableEncryption(b'secret-pass')))
    root = asn1_x509.Certificate.load(ca_cert.public_bytes(serialization.Encoding.DER))
    return path, root


def test_issued_document_is_signed_visibly_and_validates(db, data_app, create_user, certificate, monkeypatch):
    path, root = certificate
    monkeypatch.setitem(data_app.config, 'DOCUMENT_SIGNING_P12', str(path))
    monkeypatch.setitem(data_app.config, 'DOCUMENT_SIGNING_PASSWORD', 'secret-pass')
    head = create_user(role='cell_head')
    document = issue(db, head)
    assert document.is_signed
    pdf = operations.read_issued_pdf(document)
    [status] = signing.validate(pdf, trust_roots=[root])
    assert status['intact'] and status['valid'] and status['trusted'], status
    assert 'Anurag Yadav' in status['signer']
    # the signature is an incremental update: the embedded copy is still there and readable
    assert read_embedded(pdf)[0]['issued']['number'] == document.number
    # a visible field sits on a page, over the signatory block
    from pypdf import PdfReader
    widgets = [annotation.get_object() for page in PdfReader(io.BytesIO(pdf)).pages
               for annotation in page.get('/Annots') or [] if annotation.get_object().get('/FT') == '/Sig']
    assert widgets and float(widgets[0]['/Rect'][2]) - float(widgets[0]['/Rect'][0]) > 100

    # one changed byte inside the signed range: no longer intact
    at = pdf.index(b'/Producer') if b'/Producer' in pdf else len(pdf) // 3
    broken = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1:]
    [status] = signing.validate(broken, trust_roots=[root])
    assert not status['intact']  # the digest over the signed bytes no longer matches


def test_without_a_certificate_the_document_is_issued_unsigned(db, client, login, create_user):
    head = create_user(role='cell_head')
    document = issue(db, head)
    assert not document.is_signed
    assert signing.validate(operations.read_issued_pdf(document)) == []
    login(head)
    html = client.get(f'/documents/{document.id}').get_data(as_text=True)
    assert 'badge warn' in html  # "issued unsigned (no certificate configured)"
