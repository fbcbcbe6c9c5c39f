"""Account tokens and the odd bit of randomness elsewhere in the app."""
import random
import secrets
import string
import time
from random import choice, randint

ALPHABET = string.ascii_letters + string.digits


def generate_reset_token(length=32):
    return "".join(random.choice(ALPHABET) for _ in range(length))  # expect: CWE-338


def new_api_key():
    api_key = "%032x" % random.getrandbits(128)  # expect: CWE-338
    return api_key


def send_otp(user):
    otp = randint(100000, 999999)  # expect: CWE-338
    user.send_sms(f"Your code is {otp}")


def make_session(store, user_id):
    store.save(user_id, session_id=str(random.random()))  # expect: CWE-338


def issue_password(user):
    chars = list(ALPHABET)
    random.shuffle(chars)  # expect: CWE-338
    user.password = "".join(choice(chars) for _ in range(12))  # expect: CWE-338


def verification_code():
    code = random.randint(0, 10**6)  # expect: CWE-338
    return f"{code:06d}"


def csrf_token_with_jitter():
    delay = random.uniform(0.01, 0.05)  # safe: CWE-338
    time.sleep(delay)
    return secrets.token_urlsafe(32)


def pick_server(servers):
    return random.choice(servers)  # safe: CWE-338


def retry_backoff(attempt):
    return min(30, 2 ** attempt) + random.random()  # safe: CWE-338


def sample_rows(rows):
    sample = random.sample(rows, 10)  # safe: CWE-338
    return sample


def shuffle_deck(deck):
    random.shuffle(deck)  # safe: CWE-338
    return deck


def secure_token():
    token = secrets.token_hex(16)  # safe: CWE-338
    return token


def system_random_password():
    rng = random.SystemRandom()
    password = "".join(rng.choice(ALPHABET) for _ in range(16))  # safe: CWE-338
    return password


def seeded_simulation():
    random.seed(42)  # safe: CWE-336
    return [random.random() for _ in range(10)]


def make_invite_token():
    random.seed(1234)  # expect: CWE-336
    return "%016x" % random.getrandbits(64)  # expect: CWE-338


def make_pin():
    random.seed(time.time())  # expect: CWE-337
    pin = random.randint(1000, 9999)  # expect: CWE-338
    return pin
