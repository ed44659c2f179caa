"""The classroom hub's logins: PAM, with failed logins throttled by address and by account.

A flood of wrong passwords (which needs no account) must neither guess passwords nor delay other people's
logins. PAM checks run in a few threads; Debian's `login` service holds one for 3 s on each failure
(pam_faildelay), so 40 wrong logins at once made everyone wait about a minute. The hub uses its own PAM service
without that delay (`aitrain server init` writes /etc/pam.d/aitrain-hub) and refuses at once, without a PAM
check:

- every login from an address with `address_limit` failures in the last `window` seconds;
- a login to an account with `account_limit` failures in the window, from an address that failed on it: its
  owner, at another address, still gets in.

The address is the one the hub's proxy saw (the last X-Forwarded-For entry, which the proxy appends; a browser
writes the others itself).
"""

import time
from collections import deque

from jupyterhub.auth import PAMAuthenticator
from tornado import web
from traitlets import Integer


class Failures:
    """When logins failed, per key (an address, an account, or both), over a sliding window."""

    def __init__(self, window: float, keep: int = 64):
        self.window, self.keep, self.times = window, keep, {}

    def count(self, key, now: float) -> int:
        times = self.times.get(key)
        while times and times[0] <= now - self.window:
            times.popleft()
        if times is not None and not times:
            del self.times[key]
        return len(times or ())

    def add(self, key, now: float) -> None:
        self.times.setdefault(key, deque(maxlen=self.keep)).append(now)
        if len(self.times) > 10_000:  # many addresses or names: forget those past the window
            for old in [k for k, t in self.times.items() if t[-1] <= now - self.window]:
                del self.times[old]


def client_address(handler) -> str:
    forwarded = handler.request.headers.get("X-Forwarded-For", "")
    return forwarded.split(",")[-1].strip() or handler.request.remote_ip


class CourseAuthenticator(PAMAuthenticator):
    address_limit = Integer(10, help="Failed logins from one address in the window before it is refused.").tag(
        config=True)
    account_limit = Integer(5, help="Failed logins to one account in the window before the addresses that failed "
                                    "on it are refused for it.").tag(config=True)
    window = Integer(60, help="Seconds a failed login counts.").tag(config=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.failures = Failures(self.window)

    async def authenticate(self, handler, data):
        address, account, now = client_address(handler), str((data or {}).get("username", "")), time.monotonic()
        if self.failures.count(("address", address), now) >= self.address_limit:
            raise web.HTTPError(429, f"Too many failed logins from this computer: wait {self.window} seconds.")
        if (self.failures.count(("account", account), now) >= self.account_limit
                and self.failures.count(("pair", account, address), now)):
            raise web.HTTPError(429, f"Too many failed logins to this account: wait {self.window} seconds.")
        name = await super().authenticate(handler, data)
        if name is None:
            for key in (("address", address), ("account", account), ("pair", account, address)):
                self.failures.add(key, now)
        return name
