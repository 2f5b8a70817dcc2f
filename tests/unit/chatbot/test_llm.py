"""The language-model backend against a small local server that speaks the chat-completions protocol."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from mindhaven.chatbot.engine import respond
from mindhaven.chatbot.llm import SYSTEM_PROMPT, ChatCompletionsClient, client_from_config


class FakeModel:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.reply = "That sounds really hard. I'm here with you."
        self.status = 200


@pytest.fixture
def fake_model() -> Iterator[tuple[FakeModel, str]]:
    model = FakeModel()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            model.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
            payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": model.reply}}]}).encode()
            self.send_response(model.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield model, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def test_feelings_go_to_the_model_with_the_system_prompt(fake_model) -> None:
    model, url = fake_model
    client = ChatCompletionsClient(url, "tiny", "secret-key", timeout=5)
    reply = respond("I feel so lonely tonight", {}, history=[("client", "hi"), ("bot", "Hello")], llm=client)
    assert reply.used_llm and reply.text == model.reply
    [sent] = model.requests
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == "Bearer secret-key"
    messages = sent["body"]["messages"]
    assert sent["body"]["model"] == "tiny"
    assert messages[0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert "Never diagnose" in SYSTEM_PROMPT and "crisis line" in SYSTEM_PROMPT
    assert messages[1:] == [
        {"role": "user", "content": "hi"},
        {"role": "assistant", "content": "Hello"},
        {"role": "user", "content": "I feel so lonely tonight"},
    ]


def test_no_request_for_a_risky_message(fake_model) -> None:
    model, url = fake_model
    reply = respond("I want to end my life", {}, llm=ChatCompletionsClient(url, "tiny"))
    assert reply.crisis
    assert model.requests == []


def test_no_request_for_plain_intents_or_exercises(fake_model) -> None:
    model, url = fake_model
    client = ChatCompletionsClient(url, "tiny")
    respond("how do i book a session", {}, llm=client)
    respond("breathing", {}, llm=client)
    assert model.requests == []


def test_unsafe_model_output_is_replaced_by_the_offline_reply(fake_model) -> None:
    model, url = fake_model
    model.reply = "You could overdose on your pills."
    reply = respond("I feel so sad", {}, llm=ChatCompletionsClient(url, "tiny"))
    assert not reply.used_llm and "overdose" not in reply.text
    assert reply.intent == "feeling_low"


def test_errors_and_timeouts_fall_back(fake_model) -> None:
    model, url = fake_model
    model.status = 500
    reply = respond("I feel so sad", {}, llm=ChatCompletionsClient(url, "tiny"))
    assert not reply.used_llm and reply.text
    unreachable = ChatCompletionsClient("http://127.0.0.1:9", "tiny", timeout=0.5)
    assert not respond("I feel so sad", {}, llm=unreachable).used_llm


def test_off_without_a_url() -> None:
    assert client_from_config({"CHATBOT_LLM_URL": ""}) is None
    assert client_from_config({"CHATBOT_LLM_URL": "http://x", "CHATBOT_LLM_MODEL": "m"}).endpoint == (
        "http://x/v1/chat/completions"
    )
