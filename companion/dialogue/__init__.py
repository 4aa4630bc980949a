"""Caring conversation: understanding the user (en/zh), replies, and the dialogue manager.

How an app drives it (no audio imports here; `say` is any callable):

    conv = Conversation(say, settings.dialogue, lang=..., locale=settings.general.locale,
                        name=settings.general.user_name, care=CareKit(settings.care),
                        generator=load_generator(path, timeout), publish=bus.publish)
    conv.start(checkin_event)           # or conv.start(Trigger("user")) for "Talk now"
    inbox = UtteranceInbox(notice=conv.notice).attach(bus)   # a spoken "stop" acts at once
    run_conversation(conv, inbox)       # blocks until it ends; publishes ConversationEnded
    # tray "Stop": conv.stop_care(); app paused: inbox.close() (outcome "interrupted")
"""

from companion.dialogue.inbox import UtteranceInbox
from companion.dialogue.llm import load_generator
from companion.dialogue.manager import Conversation, State, Trigger, run_conversation
from companion.dialogue.nlu import INTENTS, Understanding, understand

__all__ = [
    "INTENTS",
    "Conversation",
    "State",
    "Trigger",
    "Understanding",
    "UtteranceInbox",
    "load_generator",
    "run_conversation",
    "understand",
]
