"""The shared vendor client keeps no cookie the vendor sets.

One client serves every caller, so a cookie the vendor sets on one caller's answer must not
ride along on another caller's request. httpx refuses nothing itself: on every answer it
builds urllib request and response wrappers for its cookie jar, which a refusing jar policy
then throws away. Here the client's cookie store keeps nothing and looks at no answer.
"""

from __future__ import annotations

from typing import Any

import httpx


class NoCookies(httpx.Cookies):
    """A cookie store that keeps none of the cookies an answer sets."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class CookielessClient(httpx.AsyncClient):
    """httpx.AsyncClient whose cookie store (NoCookies) takes no cookie from an answer;
    cookies given to the client itself are dropped."""

    def __init__(self, **options: Any) -> None:
        self._no_cookies = NoCookies()
        super().__init__(**options)

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        self._no_cookies.clear()
