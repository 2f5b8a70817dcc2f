"""An optional language-model backend: any OpenAI-compatible chat-completions endpoint.

Off unless CHATBOT_LLM_URL is set. The engine calls it only after the safety check passed, only for feelings and
unknown messages, and checks its reply again; any error or timeout falls back to the offline reply.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import requests

SYSTEM_PROMPT = (
    "You are MindHaven's support assistant, a kind and gentle listener for people between therapy sessions. "
    "Reply in two to four short sentences with warmth and empathy, reflecting what the person feels. "
    "Never diagnose, never name disorders the person may have, and never give medical advice, medication advice "
    "or dosages. You are not a therapist. Suggest talking to their MindHaven therapist for anything clinical. "
    "If the person mentions suicide, self-harm, harming others, abuse or being in danger, do not counsel them: "
    "tell them to contact a crisis line (India Tele-MANAS 14416, US 988, UK Samaritans 116 123) or their local "
    "emergency number now, and their therapist. Never describe methods of self-harm."
)
HISTORY_TURNS = 6
MAX_TOKENS = 200


class ChatCompletionsClient:
    def __init__(self, url: str, model: str, api_key: str = "", timeout: float = 10.0) -> None:
        self.endpoint = url.rstrip("/") + "/v1/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

    def messages(self, history: Sequence[tuple[str, str]], text: str) -> list[dict]:
        turns = [{"role": "system", "content": SYSTEM_PROMPT}]
        for sender, body in list(history)[-HISTORY_TURNS:]:
            turns.append({"role": "user" if sender == "client" else "assistant", "content": body})
        turns.append({"role": "user", "content": text})
        return turns

    def reply(self, history: Sequence[tuple[str, str]], text: str) -> str | None:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        payload = {
            "model": self.model,
            "messages": self.messages(history, text),
            "temperature": 0.4,
            "max_tokens": MAX_TOKENS,
        }
        try:
            response = requests.post(self.endpoint, json=payload, headers=headers, timeout=self.timeout)
            response.raise_for_status()
            content = response.json()["choices"][0]["message"]["content"]
        except (requests.RequestException, ValueError, KeyError, IndexError, TypeError):
            return None
        return content if isinstance(content, str) else None


def client_from_config(config: Mapping) -> ChatCompletionsClient | None:
    url = (config.get("CHATBOT_LLM_URL") or "").strip()
    if not url:
        return None
    return ChatCompletionsClient(
        url,
        config.get("CHATBOT_LLM_MODEL") or "default",
        config.get("CHATBOT_LLM_API_KEY") or "",
        float(config.get("CHATBOT_LLM_TIMEOUT", 10)),
    )
