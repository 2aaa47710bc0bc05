"""The visitors the benchmark renders and times every page for (issue 22).

- guest: not signed in, with the anonymous page cache off (what the page itself costs);
- member: `member@bench.forum.test`, a member of an organisation and of the working group
  (bench/generate.py makes it so), the person who uses the platform every day. Signed-in
  members are never served from the page cache, so every page is rendered for them.
"""
import re

from bench.instance import PASSWORD

MEMBER = ("member@bench.forum.test", PASSWORD)
PERSONAS = {"guest": None, "member": MEMBER}


def client_for(app, persona: str):
    """A test client of app signed in as persona (a guest's is not signed in)."""
    client = app.test_client()
    credentials = PERSONAS[persona]
    if credentials:
        sign_in(client, *credentials)
    return client


def sign_in(client, email: str, password: str) -> None:
    page = client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = client.post("/auth/login", data={"email": email, "password": password, "csrf_token": token})
    if response.status_code != 302:
        raise RuntimeError(f"benchmark login as {email} failed")
