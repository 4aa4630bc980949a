"""High-recall detection of suicidal thoughts and self-harm, run before anything else.

Why curated patterns and not only the classifier: a miss here is the one error that can
really hurt someone, so the patterns err towards catching ("i don't want to be here any
more", "大家没有我会更好"), while the everyday hyperbole that speech is full of ("this
traffic is killing me", "累死了", "笑死我了", "想死你了") is kept out by construction:
no pattern matches a bare "kill"/"die"/"死". Patterns run on `text.normalize` output.
"""

from __future__ import annotations

import re

_EN_PATTERNS = [
    # Self-directed harm; accidents ("cut myself shaving") are excluded explicitly.
    r"\b(kill|killing|killed|hurt|hurting|harm|harming|cut|cutting|burn|burning|burned|burnt|"
    r"hang|hanging|shoot|shooting|poison|poisoning|starve|starving) my ?self\b"
    r"(?! (by accident|accidentally|shaving|cooking|while cooking|in the kitchen))",
    r"\bsuicid",
    r"\bself ?harm",
    r"\b(end|ending|ended|take|taking|took) (my|my own) life\b",
    r"\bend(ing)? (it|this|everything) all\b",
    r"\bend(ing)? everything\b",
    r"\bend(ing)? it (tonight|today|now|for good|forever|soon)\b",
    r"\b(thinking|thought) (about|of) ending it\b",
    r"\bwant (it|everything) (all )?to (end|stop|be over)\b",
    r"\b(be over|end|stop|disappear|vanish|be gone|go away) (for good|forever)\b",
    r"\b(want|wish|plan|planning|ready|deserve|trying|tried|going) to die\b"
    r"(?! (of|from|laughing|for))",
    r"\b(ways|how) to die\b",
    r"\b(wish|want|rather) (i|to) (was|were|be) dead\b",
    r"\b(better off|rather be) dead\b",
    r"\bnot want to (live|exist|be alive|be around|wake up|go on|keep going|keep living)\b",
    r"\bnot want to be here( any more|$)",
    r"\b(better|happier|easier) (off )?without me\b",
    r"\bif i (was|were) (gone|dead|not here|not around|never born)\b",
    r"\bif i (disappeared|died|vanished|was gone|were gone)\b",
    r"\b(reason|point|nothing) (to|in|of) liv(e|ing)\b",
    r"\b(no|any|nothing|what is the|lost the|lost my) (reason|point|purpose|will)\b"
    r"( \w+){0,5} (live|living|alive|go on|going on|keep going|exist|existing)\b",
    r"\bnothing( left)? to live for\b",
    r"\b(nothing|no one|nobody|no reason|nothing left)( \w+){0,4} (to|worth) liv(e|ing) for\b",
    r"\b(why|what for) (should|do|would) i (keep )?(live|living|go on|stay alive)\b",
    r"\bwant to (just )?(disappear|vanish)\b",
    r"\bwish i could (just )?(disappear|vanish|die|sleep forever)\b",
    r"\bnot worth liv(e|ing)\b",
    r"\bnever wake up\b",
    r"\bhope i (do not|never) wake up\b",
    r"\bjump(ing|ed)? (off|from|in front of) (a |the |my |this |that )?"
    r"(bridge|building|roof|balcony|cliff|train|window|tower)",
    r"\b(thought|thinking) (about|of) jumping\b",
    r"\boverdos",
    r"\b(take|taking|took|swallow|swallowing|swallowed) (all|a lot of|lots of|all of)"
    r" (my |the |these |those )?(pills|tablets|medicine|meds|sleeping pills)\b",
    r"\bcan not (go on|keep living|keep going like this|live like this)\b",
    r"\bstop existing\b",
    r"\bnot (be|being) (here|around) (much longer|any more)\b",
    r"\bwill not be (here|around) (much longer|for long)\b",
    r"\bnever (been born|existed)\b",
    r"\b(goodbye|suicide) (letter|note)\b",
    r"\bgave away (all )?my (things|stuff|belongings)\b",
    r"\bhow to (kill|end)\b",
    r"\bdone with (life|living|everything|it all|this life|being alive|existing)\b",
    r"\b(tired|sick) of (living|life|being alive|existing)\b",
    r"\bend(ing)? (things|it|everything|my life|this|it all)( \w+){0,3}"
    r" (for good|forever|tonight)\b",
    r"\b(want|wanna|going|plan|planning|decided) to end (it|things|everything)\b",
    r"\bpoint (of|in) (being alive|living|life|existing|going on|being here)\b",
    r"\b(bottle|handful|box|pack|packet|lots|bunch|all) of (my |the |those |these )?"
    r"(pills|tablets|sleeping pills|painkillers|meds)\b",
    r"\bnot\b( \w+){0,4} (want|wish|wanting) to (be alive|live|exist|be here any more|wake up)\b",
    r"\b(wish|want) (i could|to) (just )?(not exist|stop existing|cease to exist|not be here)\b",
    r"\b(i|hope i|wish i) (die|died) in my sleep\b",
    r"\b(give|gave|giving) up on (life|living)\b",
    r"\bsee no (way out|future|reason)\b",
    r"\b(slit|cut|cutting|slash) my wrists?\b",
    r"\b(hang|drown|strangle|suffocate|shoot|stab)(ing|ed)? my ?self\b",
    r"\b(no one|nobody) (would|will) (care|notice|miss me)\b",
    r"\bsay(ing)? goodbye (to everyone|forever|for good)\b",
    r"\b(picture|picturing|imagine|imagining|plan|planning|planned) my (own )?(death|funeral)\b",
    r"\bmy own funeral\b",
    r"\b(looking at|standing on|stood on|walked to|lying on) the (train |railway )?tracks\b",
    r"\b(on|off) the (ledge|edge of the (roof|bridge|building|cliff))\b",
    r"\blife is (pointless|meaningless|worthless|not worth it|over)\b",
    r"\bwant out\b(?! of)",
    r"\bi (should|could|will|would|might|am going to|want to|am just going to)( just)? end it\b",
    r"\b(do not|can not|no longer) see (a|any) future\b",
    r"\bsleep forever\b",
    r"\b(going to|want to|about to) jump$",
    r"\bnot want to (be )?(alive|live|exist|wake up)\b",
    r"\b(started|start|been|keep|kept|began) (cutting|burning|hurting)( my ?self)?\b",
    r"\bcutting again\b",
    r"\bstop living\b",
    r"\bcan not (see|imagine|picture) my ?self (being )?(alive|around|here|living)\b",
    r"\b(better|easier|simpler) (if i|to|for everyone if i) (just )?(not be|was not|were not|"
    r"was gone|were gone|died|was dead|disappeared)\b",
    r"\b(hope|wish) i (do not|never|would not|will not) (wake up|make it)\b",
    r"\bdie in my sleep\b",
    r"\b(wishing|wish|hope|hoping) i (would not|will not|do not|did not|never) wake up\b",
    r"\bnot( going to)? (be|being) (here|around) (much longer|for long|any more)\b",
    r"\b(final|last) (letter|note|message) (to|for)\b",
    r"\b(should|could|might as well|better|ought to) (just )?"
    r"(die|be dead|kill my ?self|end it all)\b",
    r"\bnever (been |have been |had been )?born\b",
    r"\b(do not|not) (want|deserve) to be (here|in this world|on this earth)\b",
    r"\b(think|thinking|thought) about (dying|death|my death|being dead|not being alive)\b",
    r"\bthrow(ing)? my ?self (off|in front of|under|from)\b",
    r"\b(bought|got|have|found) (a |the )?(rope|gun)\b",
    r"\bthis is goodbye\b",
    r"\bnot be a (problem|burden) (much longer|for long|any more)\b",
    r"\b(stockpil|sav|hoard|collect)(e|ed|ing) (up )?(my |the |some )?(pills|meds|tablets)",
    r"\b(do not|not|never) deserve to (live|be alive|exist)\b",
    r"\bshould not be (alive|here|living)\b",
    r"\b(thinking|thought) (about|of) ending (it|things|everything|my life)\b",
    r"\b(a|the) burden (to|on|for) (everyone|everybody|my family|them|you|all)\b",
    r"\bi am (just )?a burden\b",
]

# Plainly negated statements ("i would never kill myself") are removed before matching.
_EN_SAFE = [
    r"\b(never|not|no longer) (going to |want to |trying to )?(kill|hurt|harm) my ?self\b",
    r"\b(am|was|feel) not suicidal\b",
]

_ZH_PATTERNS = [
    r"不想(再)?活",
    r"活不下去",
    r"活着.{0,3}(没|没有|毫无|无)(什么|啥|一点|任何)?(意思|意义|盼头|希望)",
    r"(不想|不愿|不要)(再)?(在)?这个世界",
    r"(想|要)(离开|告别)(这个)?(世界|人世)",
    r"(自我)?了断",
    r"烧炭|上吊|吞药|服毒|喝农药|割脉",
    r"(安眠药|药).{0,4}(全部|全|都|一起)(吃|吞)",
    r"(只|就)想(永远)?解脱",
    r"我(就)?是(个|一个)?(累赘|负担|多余的)",
    r"(活|死)了也没(人|有人)(在乎|在意|关心)",
    r"活着有(什么|啥)(意思|意义|用)",
    r"(活着|人生|生命|活下去).{0,4}(什么|啥)(意义|意思|用处?|盼头)",
    r"(希望|想|盼着?|巴不得|恨不得)(我|自己)(能|可以)?(快点|赶紧)?(死|死掉|死了|去死|消失)",
    r"活着.{0,4}(意义|意思)都没有",
    r"活够了",
    r"没有活下去的",
    r"(人生|生活|活着)(已经)?(没有|没|毫无)(任何)?(意义|意思|希望)",
    r"(?<!不)想(要)?(去)?死(?!你|您|他|她|它|我了|了你|人)",
    r"(要|会|准备|打算)去死",
    r"自杀|轻生|寻死|自残|自尽|割腕|割自己|伤害(了)?(我)?自己|一了百了|一死了之",
    r"结束(这一切|一切|自己|我的生命|生命|我自己)",
    r"了结(自己|生命|一切|这一切|我自己)",
    r"死了(就|才)?(算了|好了|解脱|一了百了|轻松|干净)",
    r"不如死",
    r"死了.{0,6}(大家|他们|家人|别人|所有人).{0,3}(会|就)(更)?(轻松|好)",
    r"没有我.{0,6}(会|就)(过得)?(更好|轻松)",
    r"没我.{0,6}(会|就)(过得)?(更好|轻松)",
    r"是(大家|家人|别人|所有人|他们)的(负担|累赘)",
    r"消失.{0,4}没(有)?人(会)?(在意|在乎|发现|注意|难过)",
    r"永远(消失|睡过去|睡下去|不醒|不要醒)",
    r"想(要)?(永远)?消失",
    r"(不想|不要|别)(再|永远)(也)?醒",
    r"不想(明天|明早|以后)(再)?醒",
    r"(我|要是我|如果我)(死了|不在了|走了|消失了).{0,10}(更好|轻松|解脱|好过)",
    r"想.{0,6}消失",
    r"想(要)?(彻底|永远)?解脱",
    r"看不到(任何)?(未来|活下去的希望)",
    r"活着(好|太|真)?(痛苦|累).{0,4}(不想|想死|不如)",
    r"活不(到|过)(明年|明天|今年|下个月|这个月|下周|几天)",
    r"不在(这里|这个世界|了|人世).{0,6}(轻松|更好|解脱|好)",
    r"(吃|吞|喝)了?(一大把|一把|一整瓶|一瓶|很多|好多|一堆|整瓶)(的)?(药|安眠药|药片)",
    r"(又|开始|一直|总是|经常)(在)?(割|划|伤害)(自己|手腕|胳膊)",
    r"(睡梦中|睡着)(就)?死(去|掉|了)",
    r"睡过去(再也)?不(要)?醒",
    r"不想(再)?这样活",
    r"不配活",
    r"希望.{0,4}(别|不要|不再|再也不|永远不)(再)?醒",
    r"(烫|烧|割|划|掐|撞)(伤)?(了)?自己",
    r"(希望|想|宁愿).{0,4}(自己)?不(存在|在了|在这个世界)",
    r"(没有|没|毫无|找不到).{0,4}(活着|活下去|生存)的(理由|意义|必要)",
    r"(痛苦|一切|这一切|所有).{0,4}永远(结束|停止|消失)",
    r"(写|留)(了|好)?.{0,6}(遗书|告别信|绝笔)",
    r"(给|跟|向)(家人|大家|父母|朋友|孩子).{0,8}告别",
    r"不会.{0,6}(待|呆|活|在)(太久|很久|多久)了?",
    r"我.{0,4}(应该|该|还不如|干脆|只能|活该)(去)?死(?!的)",
    r"(没|不该|不应该|不要)(有)?(被)?(出生|生下来|来到这个世界)",
    r"不想(再)?(待|留|活|呆)在这个世界",
    r"永远睡着",
    r"不(该|应该|配)活(着|在)",
    r"(伤|割|划|烫|烧)(了|伤了)(我)?自己",
    r"(用刀|用刀片|拿刀|拿刀片).{0,6}(自己|手腕|胳膊|手臂)",
    r"(还是|不如|干脆|倒不如)(让)?(我)?死了",
    r"(没有|没|找不到|不知道|看不到|失去了).{0,4}(继续)?活下去的(理由|意义|勇气|动力|希望)",
    r"(想|要|希望)(让)?(一切|所有|这一切|所有事)(都)?(永远)?(结束|停止|消失)",
    r"去(另一个|那个)世界",
    r"活着(就是|是)(一种|种)?(折磨|煎熬|受罪)",
    r"(买|准备|备)(好)?了?(绳子|木炭|炭|农药|刀片)",
    r"(不想|不愿)(再)?拖累",
    r"(和|跟)(这个)?世界(说)?(再见|告别)",
    r"最后一次(跟|和)你(说话|聊)",
    r"跳楼|跳河|跳桥|跳江|跳海|卧轨",
    r"(楼|天台|桥|阳台|窗).{0,6}跳下去",
    r"(攒|囤|吞|准备|买)(了)?(很多|一堆|一瓶|好多|所有的?)?安眠药",
    r"安眠药.{0,4}(全|都)吃",
    r"吃(很多|一堆|一瓶|好多|所有的?)安眠药",
    r"离开这个世界",
    r"不想(再)?存在",
    r"遗书",
    r"怎么(样)?(死|结束生命)",
    r"撑不下去.{0,4}(了)?(想|要)",
]

# Risk signals: not enough to call it a crisis, enough to ask gently and directly ("are you
# having thoughts of hurting yourself?"). Asking does no harm; missing it can. Everyday
# hyperbole is removed first so "this traffic is killing me" is never asked about.
_EN_RISK = [
    r"\b(want|wish|wanna|rather|should|could|hope|ready|going) (to )?(\w+ ){0,3}"
    r"(die|be dead|disappear|vanish|be gone|not exist|not be here|sleep forever)\b",
    r"\b(no|any|what is the|what is even the) (point|reason|purpose)\b",
    r"\b(pointless|hopeless|worthless|meaningless|a burden|trapped|no way out|no future)\b",
    r"\b(give up|giving up|gave up|can not go on|can not take it any more|can not do this any more"
    r"|can not keep going|end it|ending it|over for good|want out)\b",
    r"\b(pills|overdose|knife|blade|razor|rope|bridge|roof|tracks|ledge|gun)\b",
    r"\b(alive|living|exist|existing|death|dying|funeral|suicid\w*|self harm)\b",
    r"\b(hurt|harm|punish|cut) my ?self\b",
    r"\b(wrote|writing|left) (a|my) (note|letter) (for|to) (my|everyone|you|them)\b",
    r"\bnot (be|being) (here|around)\b",
]
_EN_HYPERBOLE = (
    r"\b(killing me|kills me|dying to|dying of (laughter|laughing|embarrassment|boredom)|"
    r"to die for|dead tired|deadline|dead battery|bored to death|scared to death|"
    r"died laughing|almost died|killed it|living room|for a living|alive and well)\b"
)
_ZH_RISK = [
    r"(想|要|希望|宁愿|干脆).{0,4}(死|消失|解脱|离开|不在|睡下去|不醒)",
    r"(没有|没|无|毫无|找不到).{0,3}(意义|希望|盼头|未来|出路|理由)",
    r"绝望|撑不下去|活不下去|熬不下去|受不了了|放弃(了)?(自己|一切|生活)|不想(再)?继续",
    r"负担|累赘|多余",
    r"药|刀|绳|楼顶|天台|跳|割|伤害自己",
    r"活着|活下去|生命|人生|(我|自己)(想|要|会|该|就|还是|快|真想|好想)?(去)?死",
    r"告别|遗言|后事|(不|别|不要|不想|再也不|永远不)(再)?醒(过)?来",
]
_ZH_HYPERBOLE = (
    r"(累|笑|气|烦|饿|热|冷|困|忙|吓|堵|闷|美|帅|痛|疼|难受|无聊|丑)(得要)?死(了|我了|人了|啦|你)?"
    r"|想死你|死党|死机|去死吧|该死的?"
)

_COMPILED = {
    "en": [re.compile(p) for p in _EN_PATTERNS],
    "zh": [re.compile(p) for p in _ZH_PATTERNS],
}
_SAFE = {"en": [re.compile(p) for p in _EN_SAFE], "zh": []}


_RISK = {
    "en": ([re.compile(p) for p in _EN_RISK], re.compile(_EN_HYPERBOLE)),
    "zh": ([re.compile(p) for p in _ZH_RISK], re.compile(_ZH_HYPERBOLE)),
}


def find_risk(normalized: str, lang: str) -> str | None:
    """A weaker signal than find_crisis: words that warrant a gentle, direct safety question."""
    patterns, hyperbole = _RISK.get(lang, _RISK["en"])
    text = hyperbole.sub(" ", normalized)
    for pattern in patterns:
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


def find_crisis(normalized: str, lang: str) -> str | None:
    """The phrase that signals a crisis, or None. `normalized` comes from text.normalize."""
    for safe in _SAFE.get(lang, []):
        normalized = safe.sub(" ", normalized)
    for pattern in _COMPILED.get(lang, _COMPILED["en"]):
        match = pattern.search(normalized)
        if match:
            return match.group(0)
    return None
