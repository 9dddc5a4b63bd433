"""The baseline of the HTTP benchmark: a bare Flask "hello world".

``bench/http_bench.py`` serves it under the same gunicorn settings as the app and
reports every page's throughput as a ratio to it, a figure that does not depend on
the machine as much as absolute times do.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    return "Hello, world!"
