# JupyterHub for an aitrain classroom: started by `aitrain server start`, which sets AITRAIN_HUB to the
# settings written by `aitrain server init` (see docs/classroom-server.md).
import json
import os
import sys
from pathlib import Path

from aitrain.tooling import course_ca, hub_spawner, server

c = get_config()  # noqa: F821 - provided by JupyterHub
settings = json.loads(Path(os.environ["AITRAIN_HUB"]).read_text())
state = Path(settings["state"])
bin_dir = Path(sys.executable).parent

c.JupyterHub.ip = settings["ip"]
c.JupyterHub.port = settings["port"]
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = settings.get("hub_port", 8081)
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.get('proxy_api_port', 8001)}"
c.ConfigurableHTTPProxy.command = [server.proxy_command()]
# The hub reuses a connection to the proxy's API (and to servers) only while it has been idle under 2 s: the proxy
# (node) closes idle connections after 5 s, the hub's client kept them 15 s, and a request sent on a connection
# the proxy had closed failed ("Server disconnected"). When a room of 60 logged in at once, the retries of some
# route requests ran out of JupyterHub's 30 s, and the hub stopped those servers ("Failed to add ... to proxy").
c.JupyterHubHTTPClient.connector_options = {"keepalive_timeout": server.HUB_KEEPALIVE_S}
# The hub's own files in root's private folder (0700), made with umask 077 (`aitrain server start`).
private = state / "private"
c.JupyterHub.db_url = f"sqlite:///{private / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(private / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(private / "jupyterhub.pid")
c.ConfigurableHTTPProxy.pid_file = str(private / "jupyterhub-proxy.pid")

# HTTPS in the room (`aitrain server init --tls`, the default): the proxy serves the course's certificate, cookies
# are Secure, and the login page shows the certificate's fingerprint and offers the course's CA to install.
# Login cookies last a day: laptops are shared or borrowed.
c.JupyterHub.cookie_max_age_days = 1  # the hub refuses older cookies
cookie_options = {"expires_days": 1}  # and browsers drop them
if settings.get("tls"):
    c.JupyterHub.ssl_cert = str(private / "hub.crt")
    c.JupyterHub.ssl_key = str(private / "hub.key")
    cookie_options["secure"] = True
    c.JupyterHub.template_vars = {"announcement_login": course_ca.login_note(private)}
c.JupyterHub.tornado_settings = {"cookie_options": cookie_options}

# One origin per participant's server (`init --domain`): <login>.<domain>, so that a page a participant serves
# from their own server cannot act for whoever opens it (docs/classroom-server.md, Security).
if settings.get("domain"):
    c.JupyterHub.subdomain_host = settings["public_url"]

# Linux accounts created from the roster by `aitrain server users`; nobody else on the server logs in. Failed
# logins are throttled by address and by account, and checked by the course's PAM service without a failure delay
# (aitrain.tooling.hub_login), so that a flood of wrong passwords delays nobody else.
c.JupyterHub.authenticator_class = "aitrain.tooling.hub_login.CourseAuthenticator"
if server.PAM_SERVICE.exists():
    c.PAMAuthenticator.service = server.PAM_SERVICE.name
c.PAMAuthenticator.executor_threads = 8
# The hub's administrators are the accounts of `init --admin`, never the trainer's: the trainer opens
# participants' work in the browser, where a page a participant wrote runs as its user (docs: Security).
c.PAMAuthenticator.allowed_groups = {server.PARTICIPANTS, server.TRAINERS, server.ADMINS}
c.PAMAuthenticator.admin_groups = {server.ADMINS}
c.PAMAuthenticator.open_sessions = False  # no login sessions (pam_systemd) for notebook servers

# Each participant's JupyterLab runs as their own account. With systemd (SystemdSpawner) a participant's whole
# memory, CPU and number of tasks are capped, /tmp is their own; without it, rlimits per process and per account
# (aitrain.tooling.hub_spawner; docs/classroom-server.md). Either way they run at a lower CPU priority than the
# hub and its proxy, which must keep answering while a whole room's servers start.
if server.systemd_running():
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.SystemdSpawner.mem_limit = settings["mem_limit"]
    c.SystemdSpawner.cpu_limit = float(settings.get("cpu_limit", 1.0))
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.isolate_devices = True
    c.SystemdSpawner.dynamic_users = False
    c.SystemdSpawner.unit_name_template = "aitrain-{USERNAME}"
    c.SystemdSpawner.unit_extra_properties = {"TasksMax": "1024", "LimitFSIZE": str(hub_spawner.GIB),
                                              "LimitCORE": "0", "Nice": str(hub_spawner.NICE)}
else:
    c.JupyterHub.spawner_class = "aitrain.tooling.hub_spawner.CourseSpawner"
    c.CourseSpawner.limits = hub_spawner.limits(settings["mem_limit"])
# Participants' servers start lean (aitrain.tooling.hub_singleuser; hub.json "participant_servers": "full" for
# every installed extension, as before issue 31).
c.Spawner.cmd = server.server_command(settings)
c.Spawner.default_url = "/lab"
c.Spawner.pre_spawn_hook = server.pre_spawn(settings)
# A room logging in at 9:00 starts every server at once: on a small machine the last waits minutes, not a failure.
c.Spawner.start_timeout = 600
c.Spawner.http_timeout = 600
c.Spawner.environment = {"PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin"}

# SIGHUP (`aitrain server restart`) restarts the hub in place and leaves everyone's server and kernels running;
# SIGTERM and Ctrl+C stop everything.
server.restart_on_hangup()

# Stop servers idle for an hour (they hold a participant's memory).
c.JupyterHub.services = [{"name": "idle-culler", "command": [
    sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={settings['idle_timeout']}"]}]
c.JupyterHub.load_roles = [{"name": "idle-culler", "services": ["idle-culler"],
                            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]}]
