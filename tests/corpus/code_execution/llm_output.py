"""An assistant that asks a language model for code, SQL or commands: the reply is text a prompt
injection can steer (langchain's LLMMathChain and PALChain ran it, CVE-2023-29374 and CVE-2023-36258)."""
import ast
import logging
import sqlite3
import subprocess

from langchain.chains import LLMChain
from openai import OpenAI

log = logging.getLogger(__name__)
client = OpenAI()


def solve(question, prompt, llm):
    chain = LLMChain(llm=llm, prompt=prompt)
    program = chain.predict(question=question)
    scope = {}
    exec(program, scope)  # expect: CWE-94
    return scope.get("answer")


def compute(question, prompt, llm):
    chain = LLMChain(llm=llm, prompt=prompt)
    expression = chain.run(question)
    log.info("model answered %s", expression)  # safe: CWE-117
    return ast.literal_eval(expression)  # safe: CWE-95


def shell_helper(task):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": task}])
    command = reply.choices[0].message.content
    return subprocess.run(command, shell=True, capture_output=True)  # expect: CWE-78


def report(task, db_path):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": task}])
    query = reply.choices[0].message.content
    with sqlite3.connect(db_path) as conn:
        return conn.execute(query).fetchall()  # expect: CWE-89


def report_fixed(task, db_path):
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": task}])
    name = reply.choices[0].message.content
    with sqlite3.connect(db_path) as conn:
        return conn.execute("SELECT total FROM reports WHERE name = ?", (name,)).fetchall()  # safe: CWE-89
