"""A directory helper library: the caller passes the user name."""


def find_user(conn, username):
    # python-ldap's own method name: `conn` is an LDAP connection whatever its type
    return conn.search_s("ou=people,dc=example,dc=org", 2, "(uid=%s)" % username)  # expect: CWE-90


def find_user_escaped(conn, username):
    from ldap.filter import escape_filter_chars
    return conn.search_s("ou=people,dc=example,dc=org", 2, "(uid=%s)" % escape_filter_chars(username))  # safe: CWE-90


def find_group(index, name):
    # `search` is everybody's method name: nothing says this is LDAP
    return index.search("groups", 2, "(cn=%s)" % name)  # safe: CWE-90
