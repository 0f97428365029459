"""Creates a bench org through the running system, reads the admin's invitation from the mail sink,
accepts it, logs in N times (N sessions) and creates an API client. Writes the wrk inputs to the
folder given as the first argument: login.lua, refresh tokens (tokens.txt), cc.lua."""
import base64, json, re, sys, time, urllib.request, uuid

out = sys.argv[1]
base = "http://127.0.0.1:8110"
operator = open(".threshold/secrets/operator-token").read().strip()
password = "Quartz-Lantern-8391"  # nothing of the name "Bench" (personal_info rule)


def call(path, body=None, headers=None, url=base):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request) as response:
        return response.read().decode()


email = "bench-%s@bench.test" % uuid.uuid4().hex[:10]
call("/api/v2/orgs", {"name": "bench-" + uuid.uuid4().hex[:8], "adminEmail": email, "adminName": "Bench", "locale": "en"},
     {"Authorization": "Bearer " + operator})
token = None
for _ in range(240):
    try:
        inbox = call("/api/user/%s/messages/INBOX" % email, url="http://127.0.0.1:8025")
        match = re.search(r"invite\?token=([A-Za-z0-9_-]+)", inbox.replace("=\r\n", "").replace("=\n", "").replace("=3D", "="))
        if match:
            token = match.group(1)
            break
    except Exception:
        pass
    time.sleep(0.5)
admin = json.loads(call("/api/v2/auth/invitations/accept", {"token": token, "password": password, "cookie": False}))
sessions = [json.loads(call("/api/v2/auth/login", {"email": email, "password": password, "cookie": False},
                            {"X-Forwarded-For": "10.1.1.%d" % i}))["refreshToken"] for i in range(8)]
client = json.loads(call("/api/v2/oauth/clients", {"name": "bench", "roles": ["admin"]},
                         {"Authorization": "Bearer " + admin["accessToken"]}))
basic = base64.b64encode(("%s:%s" % (client["clientId"], client["clientSecret"])).encode()).decode()
open(out + "/tokens.txt", "w").write("\n".join(sessions) + "\n")
open(out + "/login.lua", "w").write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                                    "wrk.body = '{\"email\":\"%s\",\"password\":\"%s\",\"cookie\":false}'\n" % (email, password))
open(out + "/cc.lua", "w").write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
                                 'wrk.headers["Authorization"] = "Basic %s"\nwrk.body = "grant_type=client_credentials"\n' % basic)
