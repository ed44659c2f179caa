"""HTTPS in the room, offline: a certificate authority for this course and the hub's certificate signed by it.

`aitrain server init --tls` (the default) makes them in STATE/private: ca.crt (for laptops to install, also
offered on the hub's login page), hub.crt and hub.key (for the hub's proxy). The CA's own key is never written:
it signs the hub's certificate and is forgotten, so the CA that laptops trust can vouch for nothing else. A new
certificate (other names, or close to expiry) needs a new CA.
"""

import datetime
import ipaddress
import os
import socket
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DAYS = 397  # the longest validity browsers accept for a server's certificate


def host_names(url: str = "", domain: str = "") -> list[str]:
    """The names and addresses browsers may use for the hub: the cards' address, the machine's names and
    addresses, and localhost."""
    from urllib.parse import urlsplit

    names = [urlsplit(url).hostname or ""] if url else []
    names += [f"*.{domain}", domain] if domain else []
    names += [socket.gethostname(), socket.getfqdn(), "localhost", "127.0.0.1", "::1"]
    try:
        names += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None)]
    except OSError:
        pass
    return list(dict.fromkeys(n for n in names if n))


def _alt_name(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def fingerprint(cert_file: Path) -> str:
    """SHA-256 fingerprint as browsers show it (AB:CD:...)."""
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


def names_of(cert_file: Path) -> set[str]:
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(n.value) for n in alt}


def current(folder: Path, names: list[str]) -> bool:
    """Whether folder holds a hub certificate for exactly these names, valid for at least another month."""
    cert_file = folder / "hub.crt"
    if not (cert_file.exists() and (folder / "hub.key").exists() and (folder / "ca.crt").exists()):
        return False
    cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
    left = cert.not_valid_after_utc - datetime.datetime.now(datetime.UTC)
    return names_of(cert_file) == {str(_alt_name(n).value) for n in names} and left > datetime.timedelta(days=30)


def _write(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(path.with_suffix(".tmp"), path)


def make(folder: Path, names: list[str], course: str) -> Path:
    """A new CA (ca.crt) and hub certificate (hub.crt, hub.key: 0600) for `names` in folder; the CA's key is
    dropped. Returns the hub's certificate."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"aitrain classroom CA ({course}, {now:%Y-%m-%d})")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
          .not_valid_after(now + datetime.timedelta(days=DAYS))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1)).not_valid_after(now + datetime.timedelta(days=DAYS))
            .add_extension(x509.SubjectAlternativeName([_alt_name(n) for n in names]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    _write(folder / "hub.key", key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()), 0o600)
    _write(folder / "hub.crt", cert.public_bytes(serialization.Encoding.PEM), 0o600)
    _write(folder / "ca.crt", ca.public_bytes(serialization.Encoding.PEM), 0o600)
    return folder / "hub.crt"


def login_note(folder: Path) -> str:
    """The hub's login page's note: the certificate's fingerprint, and the course's CA to download."""
    import base64
    import html

    ca = base64.b64encode((folder / "ca.crt").read_bytes()).decode()
    return (f"This hub's certificate (SHA-256): <code style='word-break:break-all'>"
            f"{html.escape(fingerprint(folder / 'hub.crt'))}</code>, the same as on your login card. "
            f"<a download='aitrain-course-ca.crt' href='data:application/x-x509-ca-cert;base64,{ca}'>"
            "The course's certificate authority</a>, to install once on this computer.")
