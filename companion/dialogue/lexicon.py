"""Hand-written word lists that give the small classifier prior knowledge of the language.

Why: a few hundred labelled utterances cannot teach that "fantastic" is good or that
"郁闷" is sad. Each list names a cue category; a hit becomes a classifier feature
("lex:pos"), and a hit inside a negation ("not happy", "不太好") becomes "lex:not_pos"
instead, which is how "not bad" reads as positive and "i'm not okay" as negative.
"""

from __future__ import annotations

import re


def _words(text: str) -> tuple[str, ...]:
    """Comma-separated phrases (one list per cue category, easy to extend by hand)."""
    return tuple(w.strip() for w in text.replace("\n", " ").split(",") if w.strip())


EN: dict[str, tuple[str, ...]] = {
    "neg": _words(
        """
    wiped out, really hard, so hard, too hard, miss having, sad, down, depressed, unhappy,
    miserable, upset, terrible, awful, horrible, bad, stressed, stress, stressful, anxious,
    anxiety, nervous, worried, worry, worrying, scared, afraid, fear, panic, panicking, angry,
    mad, furious, annoyed, frustrated, frustrating, lonely, alone, tired, exhausted, drained,
    worn out, burned out, burnt out, hurt, hurts, heartbroken, grief, grieving, cry, crying,
    cried, tears, hopeless, worthless, failure, failed, hate, sucks, overwhelmed, empty, fired,
    dumped, rejected, died, passed away, lost my, miss my, broke up, fight, argument, yelled,
    ignore, ignored, killing me, sick, pain, wrong, lost, stuck, pressure, messed up, left me,
    betrayed, nobody, no one, no friends, left out, cant sleep, can not sleep, racing, ugh,
    embarrassed, embarrassment, disappointed, jealous, guilty, ashamed, broke, struggling,
    rough, hard day, tough, yelling, shouting, screaming at me, blamed, criticized, insulted,
    bullied, cheated on me, lied to me, worse, difficult, struggle, hurting, unfair,
    cannot take it, can not take it, had enough, fed up, sick of, blue, gutted, devastated,
    crushed, pissed, pissed off, tense, moody, grumpy, irritable, cranky, low, gloomy, sorrow,
    heartache, lonesome, isolated, homesick, missing, terrified, frightened, dread, dreading,
    uneasy, restless, on edge, freaking out, sleepy, knackered, fatigued, weary, ill, loser,
    useless, stupid, pathetic, hate myself, regret, humiliated, insecure, bitter, resentful,
    breakup, divorce, funeral, cancer, hospital, accident, fail, failing, flunked, bombed,
    laid off, debt, bills, irritated, disgusted, aching, sobbing, distressed, troubled, heavy,
    numb, shabby, meh, lousy, crappy, crap, shitty, sucked, worst, disaster, nightmare, scary,
    hard time, going through a lot, annoying, can not stop, cant stop, driving me crazy,
    going crazy, confused, can not focus, can not concentrate, headache, migraine, in pain,
    breaking down, falling apart, overthinking, spiraling, burnout, ghosted, abandoned,
    unloved, unwanted, invisible, hate my job, hate my life, nothing works, screwed up, ruined,
    trapped, helpless, powerless, paranoid, shaky, shaking, nauseous, lost my job, really bad,
    not great, not good, not okay, not well, laughing at me, laughed at me, laugh at me,
    making fun of me, made fun of me, mocking me, mocked me, left on read, left me on read,
    rejection, rejections, turned down, turned me down, except me, without me, excluded,
    nobody replied, no one replied, nobody answered, ignoring me
"""
    ),
    "pos": _words(
        """
    haha, joke, dream job, new job, promotion, raise, laughed, laughing so hard, funny,
    got into, so funny, good, great, fine, okay, alright, all right, happy, glad, better, well,
    excited, fantastic, wonderful, amazing, awesome, nice, calm, calmer, relaxed, peaceful,
    lighter, promoted, passed, won, got the job, hilarious, lucky, love, proud, perfect, cool,
    fun, enjoyed, helped, good news, looking up, laughter, killed it, no problem, no problems,
    grateful, thankful, relieved, content, cheerful, mood is good, lovely, engaged, married,
    aced, nailed, brilliant, excellent, terrific, superb, delighted, thrilled, joyful,
    ecstatic, blessed, satisfied, optimistic, hopeful, energized, rested, refreshed,
    productive, accomplished, success, successful, celebrate, celebrating, vacation, holiday,
    smiling, laughing, pleased, fabulous, marvelous, okay now, peachy, joy, yay, woohoo,
    best day, good day, great day, feel good, feeling good, over the moon, on top of the world,
    stoked, pumped, relief, at peace, recovered, healed, improving, getting better,
    finally worked, finally works, it worked, made my day, made my week, made my month,
    made my year, slept through, slept through the night, finally, first try, paid off,
    came back clear, all clear, bloomed, finished the
"""
    ),
    "decline": _words(
        """
    in the middle of something, time alone, some time alone, leave me alone, leave me,
    leave it, go away, not now, later, busy, stop, quiet, shut up, space, not want to talk,
    no thanks, no thank you, not in the mood, rather not, no time, let me be, bother,
    not interested, at work right now, not today, maybe later, some other time, be alone,
    not right now, not feel like talking, go away, not at the moment, can we not, another time,
    skip, no need, do not ask, stop asking, drop it, not necessary, too busy, on my own,
    by myself, not up for it, not up for talking, do not feel like it, i will pass, pass,
    no more, do not feel like doing, not feel like doing, no i am good, i am good thanks,
    i am good no, rather not do, no i am fine, i am fine thanks
"""
    ),
    "accept": _words(
        """
    sounds great, yes, sure, okay, alright, go ahead, lets, please, of course, absolutely,
    definitely, why not, sounds good, sounds nice, would like, i guess, mm hmm, uh huh, right,
    go for it, fine, would be nice, want to talk, i do, lets do, try, go on, i am listening,
    fine by me, okay then, tell me, let us, lets try, count me in, ready, works for me,
    i am in, i suppose, guess so, let us do it, lets do it, please do, i would love to,
    love to
"""
    ),
    "music": _words(
        """
    music, song, songs, playlist, play, sounds, soundscape, melody, tune, tunes, piano, ocean,
    rain sounds, white noise, listen, hear, put on, put on some, album, track, by adele
"""
    ),
    "breathing": _words(
        """
    relaxing, help relaxing, breathe, breathing, breath, breaths, calm down, relax, relaxation,
    relaxing exercise, unwind, chill, settle, slow down, meditate, meditation, calm me, calmer,
    exercise, inhale, exhale, calm myself, calm my, de stress, destress, ground myself,
    grounding
"""
    ),
    "goodbye": _words(
        """
    night night, bye, goodbye, thanks, thank you, see you, see ya, good night, talk to you,
    done, go now, that is all, that is it, cheers, appreciate, have to go, got to go,
    need to go, catch you, enough, for now, for today, tomorrow, talk tomorrow,
    talk again tomorrow, continue tomorrow
"""
    ),
    "question": _words(
        """
    what, who, where, when, how, which, why, can you, do you, are you
"""
    ),
}

ZH: dict[str, tuple[str, ...]] = {
    "neg": _words(
        """
    筋疲力尽, 伤到, 折磨, 太难了, 好难, 伤人, 一文不值, 堵死, 堵车, 伤了, 压垮, 气得, 背叛,
    一事无成, 逼疯, 疯了, 没有希望, 希望都没有, 难过, 伤心, 不开心, 郁闷, 压力, 紧张, 害怕,
    担心, 焦虑, 生气, 气死, 烦, 孤单, 孤独, 寂寞, 累, 疲惫, 困, 受伤, 委屈, 去世, 过世, 想念,
    糟, 崩溃, 哭, 失恋, 分手, 被甩, 开除, 失业, 骂, 失望, 无助, 沮丧, 不爽, 难受, 不舒服, 吵架,
    迷茫, 考砸, 没用, 空空, 拒绝, 痛, 差, 绝望, 睡不着, 不顺, 吓, 心情不好, 没人理解,
    没有人理解, 没人陪, 没人在乎, 没有人在乎, 讨厌, 恼火, 愤怒, 慌, 没考好, 倒霉, 丢了, 不理我,
    欺负, 辛苦, 心累, 抑郁, 丧, 批评, 冤枉, 不公平, 受不了, 烦躁, 难熬, 艰难, 痛苦, 吼我, 骗,
    低落, 火大, 没人记得, 失败, 伤感, 悲伤, 心碎, 心痛, 心烦, 烦心, 闹心, 窝火, 憋屈, 消沉,
    颓废, 丧气, 灰心, 泄气, 疲倦, 没精神, 没劲, 头疼, 生病, 病了, 住院, 离世, 死了, 离婚, 被骂,
    挨骂, 挂科, 不及格, 落榜, 没考上, 裁员, 被裁, 欠债, 没钱, 恐惧, 担忧, 忐忑, 不安, 慌张,
    着急, 心慌, 冷落, 忽视, 嫌弃, 自卑, 后悔, 内疚, 愧疚, 丢脸, 压抑, 窒息, 惨, 没意思, 心里堵,
    堵得慌, 憋闷, 想哭, 哭了, 眼泪, 失眠, 睡不好, 头痛, 好烦, 烦透了, 糟心, 怕, 焦头烂额, 崩了,
    心态崩, 破防, 不顺心, 吃不消, 扛不住, 孤零零, 挨批, 被拒, 离开我, 想家, 笑话我, 笑我,
    嘲笑, 取笑, 表情包, 没人理, 不理, 没人回, 没回我, 不回我, 凭什么, 背锅, 被裁, 裁我, 裁的是我,
    emo, 不是滋味, 没叫我, 不叫我, 没拉我, 孤立, 排挤, 躺平, 天天想
"""
    ),
    "pos": _words(
        """
    最好的一天, 通过了, 理想的工作, 找到了工作, 笑死了, 好, 开心, 高兴, 不错, 顺利, 放松, 平静,
    满足, 幸福, 棒, 中奖, 考上, 考过, 升职, 哈哈, 笑死, 没事, 还行, 还可以, 轻松, 太好了,
    好多了, 快乐, 舒服, 好消息, 成功, 拿到, 喜欢, 兴奋, 感恩, 订婚, 结婚, 满分, 考得好, 拿奖,
    得奖, 获奖, 涨工资, 加薪, 放假, 度假, 愉快, 舒心, 美好, 精彩, 完美, 满意, 欣慰, 感激, 期待,
    激动, 自豪, 骄傲, 踏实, 安心, 放心, 好转, 恢复, 精神好, 太棒了, 真棒, 好耶, 爽, 顺心, 幸运,
    走运, 好运, 有信心, 蛮好, 好起来, 开心死了, 过了, 考过了, 通过, 整觉, 睡到天亮, 终于,
    做出来了, 杀疯了, 爽死了, 正常, 打电话
"""
    ),
    "decline": _words(
        """
    你先走, 在工作呢, 在上班, 安静点, 别跟我说话, 不太想, 不想说, 不想聊, 不想谈, 别烦, 别说,
    别打扰, 请别, 别管, 别理, 不用, 不需要, 不要, 不了, 忙, 没空, 没时间, 以后, 改天, 下次,
    等会, 一个人, 静静, 走开, 闭嘴, 安静, 不方便, 开会, 算了, 停, 没心情, 不想, 管我, 吵,
    自己待, 别问, 不要问, 别再, 先不, 不用你, 等一下再, 回头再说, 没兴趣, 不感兴趣, 太忙,
    不聊了, 不说了, 下回, 不必了, 免了, 不用管, 懒得, 不想干, 不想做, 不想弄
"""
    ),
    "accept": _words(
        """
    听起来很棒, 好的, 好啊, 好吧, 好呀, 可以, 行, 嗯, 是的, 是啊, 对, 当然, 没问题, 愿意, 来吧,
    试试, 想聊, 聊聊, 要, ok, 说说, 就这么办, 麻烦你, 你说吧, 说吧, 没意见, 听你的, 都行, 那就,
    听起来不错, 我在听, 开始吧, 我们开始, 好嘞, 好哒, 好滴, 可以呀, 行啊, 乐意, 当然好
"""
    ),
    "music": _words(
        """
    音乐, 歌, 曲, 播放, 放点, 放一, 钢琴, 白噪音, 海浪, 声音, 歌单, 旋律, 听歌, 听音乐, 听点,
    听一些, 雨声, 放个, 来点雨, 海浪声, 鸟叫, 流水声
"""
    ),
    "breathing": _words(
        """
    喘口气, 呼吸, 放松, 冷静, 平静, 静下心, 平复, 深呼吸, 冥想, 吸气, 呼气, 慢下来, 缓一缓,
    缓一下, 调节
"""
    ),
    "goodbye": _words(
        """
    下次见, 回见, 再见, 拜拜, 拜, 谢谢, 感谢, 多谢, 谢啦, 晚安, 走了, 回头, 下次聊, 改天聊,
    就这样, 到这, 没别的, 聊到, 明天见, 先这样, 聊完, 陪伴, 陪我, 明天再聊, 明天聊, 再聊,
    明天再说, 接着聊
"""
    ),
    "question": _words(
        """
    几点, 什么, 谁, 哪, 怎么, 吗, 多大, 星期几, 天气
"""
    ),
}

_EN_NEGATORS = {"not", "no", "never", "nothing", "hardly", "barely", "without"}
_ZH_NEGATORS = "不没别"


def _compile(words: dict[str, tuple[str, ...]], lang: str) -> list[tuple[str, re.Pattern]]:
    entries = [(cat, w) for cat, ws in words.items() for w in ws]
    entries.sort(key=lambda e: len(e[1]), reverse=True)  # longest phrase wins its span
    if lang == "en":
        return [(cat, re.compile(rf"\b{re.escape(w)}\b")) for cat, w in entries]
    return [(cat, re.compile(re.escape(w))) for cat, w in entries]


_PATTERNS = {"en": _compile(EN, "en"), "zh": _compile(ZH, "zh")}


def cues(normalized: str, lang: str) -> list[str]:
    """Cue features such as "lex:neg", "lex:not_pos", "lex:music" for one utterance."""
    text = normalized if lang == "en" else normalized.replace(" ", "")
    taken = [False] * len(text)
    found: list[str] = []
    for cat, pattern in _PATTERNS.get(lang, _PATTERNS["en"]):
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            for i in range(m.start(), m.end()):
                taken[i] = True
            negated = _negated(text, m.start(), lang) and cat in ("pos", "neg")
            found.append(f"lex:not_{cat}" if negated else f"lex:{cat}")
    signs = warning_signs(normalized, lang)
    if "deathwish" in signs:
        # "if i don't wake up that's fine", 醒不过来也挺好: the positive word is about dying.
        found = [c for c in found if c not in ("lex:pos", "lex:accept")]
    found += [f"lex:ws_{concept}" for concept in signs]
    return found


def _negated(text: str, start: int, lang: str) -> bool:
    if lang == "en":
        before = text[:start].split()[-3:]
        return any(w in _EN_NEGATORS for w in before)
    for i in range(max(0, start - 3), start):
        ch = text[i]
        if ch not in _ZH_NEGATORS:
            continue
        if ch == "别" and i > 0 and text[i - 1] in "特区分级告识":  # 特别 "very", 区别 ...
            continue
        if ch == "不" and text[i + 1 : i + 2] in ("过", "管"):  # 不过 "but", 不管 "whatever"
            continue
        return True
    return False


# Suicide warning signs as CONCEPTS (small word lists), not as whole phrasings: past blind
# sets showed that hand-written phrases catch the lines they were written for and about half
# of the rest, while a new phrasing nearly always still names a means, a farewell, putting
# affairs in order, self-harm or being a burden. `crisis.py` combines these concepts
# (co-occurrence rules) and the classifier sees them as "lex:ws_<concept>" features.
# "plan" (looking up, deciding, counting) is a modifier: it only counts next to another sign.
WARNING_EN: dict[str, tuple[str, ...]] = {
    "means": _words(
        """
    pills, sleeping pills, sleeping tablets, tablets, overdose, overdosing, knife, knives,
    blade, blades, razor, razor blade, rope, noose, bridge, roof, rooftop, ledge, balcony,
    cliff, tracks, train, platform edge, garage, engine running, exhaust, gun, pistol, rifle,
    bullet, jump, jumping, drown, drowning, charcoal, bleach, poison, antifreeze, painkillers,
    paracetamol, tylenol, insulin, parking garage, top floor, oncoming traffic,
    front of the train, front of a train, front of a bus, front of a truck, front of traffic,
    walk into the sea, walk into the water, into the river, into the lake, bathtub, lethal,
    noose, belt around, step off, high enough, far enough down, crash the car,
    into a wall, into a tree, guard rail, guardrail
"""
    ),
    "finality": _words(
        """
    for good, forever, my last night, my last day, one last time, last time, say goodbye,
    said goodbye, saying goodbye, goodbyes, final goodbye, will not need, wont need,
    when i am gone, if i am gone, after i am gone, once i am gone, not be around,
    not be here, not around any more, checked out, check out for good, before i go,
    never wake up, not wake up, not to wake up, stop waking up, no more tomorrows,
    the end for me, see you on the other side, in another life, next life, will not be back,
    my final night, my last night, my final day, ready to go, chosen the day, picked the date,
    chose the date, the date is set, writing my note, my note, my letter, hear from me again,
    see me again, it was the last time, because it was the last time,
    never coming back, not coming back, last goodbye, my last, final, be gone,
    do not know it yet, they do not know, go to sleep for good, for the last time
"""
    ),
    "affairs": _words(
        """
    my will, wrote a will, write a will, will and testament, letters for, letter for,
    letters to, a note for, note for, notes for, goodbye letter, insurance, life insurance,
    give away, gave away, giving away, given away, taken care of, look after my,
    take care of my, passwords, my passwords, bank details, pin number, my accounts,
    who gets my, get my things, have my things, my things, my stuff, funeral, arrangements,
    in order, sorted out my, rehomed, rehome, found a home for, new owner, a new home for,
    deleted all my, deleted my accounts, deleted everyone, said my goodbyes, who gets it
"""
    ),
    "selfharm": _words(
        """
    cut myself, cutting myself, cut my wrists, cut my arms, cutting my arms, cut my thighs,
    cutting my thighs, cutting my wrists, burn myself, burning myself, burned myself,
    hang myself, hanging myself,
    hurt myself, hurting myself, harm myself, harming myself, self harm, kill myself,
    killing myself, bleed, bleeding, bled, scars, wrists, wrist,
    starve myself, starving myself, hit myself, hitting myself, slap myself, slapping myself,
    punch myself, punching myself, pinch myself, scratch my arms, hit my head, hitting my head,
    bang my head, banging my head, punch the wall, punching the wall, punched the wall,
    hit the wall, knuckles, not eaten, have not eaten, stopped eating, skipped every meal,
    skip meals, by not eating, cutting, bruise, bruises
"""
    ),
    "punish": _words(
        """
    punish myself, punishing myself, my punishment, as punishment, to punish, deserve it,
    deserved it, deserved that, deserve this, deserve the pain, deserve to hurt,
    deserve to suffer, deserve to be hurt, what i deserve, do not deserve food,
    do not deserve to eat, not deserve to eat, not allowed to eat
"""
    ),
    "deathwish": _words(
        """
    not wake up, do not wake up, did not wake up, never woke up, not to wake up,
    never wake up, died in my sleep, die in my sleep, sleep forever, rest forever,
    one less person, want a die, just want to die, want to die, wish i was dead,
    wish i were dead, told me to kill myself, should die, better off dead
"""
    ),
    "burden": _words(
        """
    burden, a burden, can not do this any more, can not take it any more, tired of everything,
    better off without me, better without me, only one way out,
    one way out, no way out, no way to fix, way out of this, no escape, no point,
    no reason, trapped, hopeless, pointless, waste of space, everyone would be better,
    nobody would miss me, no one would miss me, no one would notice, nobody would notice,
    drag everyone down, dragging everyone down, ruin everything for, in the way,
    not bother anyone, not bother you, trouble any more, any trouble, relief for everyone,
    relief for them
"""
    ),
    "plan": _words(
        """
    looked up, look up, googled, searched, how tall, how high, how far, how many, how much,
    would it take, enough to, made up my mind, decided, have a plan, planned, planning,
    tonight, ready, worked out, figured out, counted, saved up, stockpiled, the date,
    set a date, this weekend, tomorrow night, when no one is home, while they sleep
"""
    ),
}

WARNING_ZH: dict[str, tuple[str, ...]] = {
    "means": _words(
        """
    安眠药, 安定, 药片, 一瓶药, 一把药, 吞药, 刀, 刀片, 剃刀, 绳子, 绳, 上吊, 天台, 楼顶, 顶楼,
    高楼, 阳台, 窗台, 桥, 大桥, 跳, 跳下去, 往下跳, 往下看, 烧炭, 木炭, 炭,
    农药, 老鼠药, 百草枯, 敌敌畏, 海里, 海边, 河里, 江里, 湖里, 水里, 往水里, 铁轨, 轨道,
    站台, 卧轨, 车库, 煤气, 割腕, 撞上, 撞向, 一头撞, 护栏, 悬崖, 枪, 致死, 淹死
"""
    ),
    "finality": _words(
        """
    最后一次, 最后一晚, 最后一天, 最后一面, 道别, 告别, 下辈子, 来世, 不在了, 不在人世,
    以后用不着, 用不着了, 用不上了, 不需要了, 永别, 再也见不到, 再也不会, 不会回来,
    日子选好, 日子都选好, 日子定好, 日子我都已经选好, 日子都已经选好, 日子我已经定好, 日子已经定好,
    日子挑好, 那一天我已经挑好, 时间我都定好, 想好怎么走, 我就走, 就走了, 我就去了,
    道过别, 告别了, 见不到我, 不用等我, 不会回来,
    永远离开, 我走了以后, 等我走, 不会太久, 太久了, 很快就, 没有明天, 最后的, 说再见,
    他们还不知道, 还不知道, 睡过去, 不醒, 解脱, 是时候
"""
    ),
    "affairs": _words(
        """
    遗书, 遗嘱, 遗言, 保险, 保险金, 托付, 交代, 后事, 密码, 银行卡, 存折, 存款, 送人, 送给,
    送掉, 分给, 留给, 照顾好, 帮我照顾, 以后就让, 以后就靠, 安排好, 写好了信, 给他们的信,
    处理好, 整理好, 好友都删, 好友我都删, 都删光, 删光了, 朋友圈都删, 联系人都删, 都分好了,
    谁拿什么, 谁要什么, 写了一封信
"""
    ),
    "selfharm": _words(
        """
    割自己, 划自己, 割手, 割腕, 划手, 伤害自己, 伤自己, 自残, 弄伤自己, 打自己, 烫自己,
    掐自己, 咬自己, 撞墙, 流血, 伤疤, 手腕, 扇自己, 扇耳光, 拿头撞, 用头撞, 头撞, 砸墙, 捶墙,
    饿自己, 饿了自己, 饿着自己, 不吃东西, 不吃饭, 饿死, 手都破了
"""
    ),
    "punish": _words(
        """
    惩罚自己, 对自己的惩罚, 惩罚, 活该, 不配吃, 不配, 应得的, 罪有应得, 该受, 受罚, 就该疼
"""
    ),
    "deathwish": _words(
        """
    醒不过来, 醒不来, 不醒了, 长眠, 永远休息, 永远地休息, 永远睡, 睡过去就好, 少我一个,
    少了我, 消失算了, 走了算了, 死了算了, 叫我去死, 让我去死, 该去死, 我该死, 不怕死了
"""
    ),
    "burden": _words(
        """
    累赘, 撑不下去, 熬不下去, 坚持不下去, 受够了, 不如消失,
    拖累, 拖油瓶, 负担, 麻烦大家, 麻烦你们, 添麻烦, 连累, 没有出路, 没有出口,
    没出路, 走投无路, 只有一条路, 唯一的办法, 唯一的出路, 没有我, 没了我, 多余, 没用的人,
    废物, 绝望
"""
    ),
    "plan": _words(
        """
    查了, 查一下, 搜了, 多少片, 吃多少, 多高, 想好了, 决定了, 计划, 打算, 准备好, 今晚,
    今天晚上, 明晚, 周末, 日子定, 选好了, 攒了, 存了, 够了
"""
    ),
}


def _compile_warning(words: dict[str, tuple[str, ...]], lang: str) -> list[tuple[str, re.Pattern]]:
    if lang == "en":
        return [(c, re.compile(rf"\b{re.escape(w)}\b")) for c, ws in words.items() for w in ws]
    return [(c, re.compile(re.escape(w))) for c, ws in words.items() for w in ws]


_WARNING = {"en": _compile_warning(WARNING_EN, "en"), "zh": _compile_warning(WARNING_ZH, "zh")}


# Everyday words that also name a sign ("i am on the train", "done with it forever", 是时候睡了):
# they count towards a combination, never alone.
WARNING_AMBIGUOUS = {
    "en": frozenset(
        _words(
            """train, jump, jumping, forever, final, my last, in order, my things, my stuff,
            funeral, bleed, bleeding, scars, tablets, bridge, roof, balcony, garage, ready,
            tonight, be gone, arrangements, last time, the date, bled, knuckles, cutting,
            bruise, bruises, not eaten, have not eaten, stopped eating, skip meals, hit the wall,
            deserve it, deserved it, deserved that, deserve this, what i deserve, to punish,
            ready to go, my letter, my note, see me again, should die, want to die, not wake up,
            do not wake up, as punishment, can not do this any more, can not take it any more,
            tired of everything"""
        )
    ),
    "zh": frozenset(
        _words(
            """跳, 桥, 大桥, 多高, 很快就, 太久了, 最后的, 还不知道, 不需要了, 送给, 留给, 存款,
            银行卡, 够了, 多余, 流血, 手腕, 交代, 处理好, 整理好, 安排好, 照顾好, 是时候, 阳台,
            海边, 水里, 绳, 炭, 撞墙, 说再见, 不醒, 睡过去, 高楼, 往下看, 告别, 再也不会, 惩罚,
            活该, 不配, 应得的, 该受, 受罚, 不吃东西, 不吃饭, 饿死, 砸墙, 捶墙, 头撞, 手都破了,
            我就走, 就走了, 我就去了, 告别了, 不用等我, 少了我, 谁要什么, 写了一封信, 不醒了,
            都分好了, 撑不下去, 熬不下去, 坚持不下去, 受够了"""
        )
    ),
}


def warning_words(normalized: str, lang: str) -> dict[str, list[str]]:
    """Warning-sign concepts named in the text → the words that named each. Unlike `cues`,
    a word may count for two concepts."""
    text = normalized if lang == "en" else normalized.replace(" ", "")
    found: dict[str, list[str]] = {}
    for concept, pattern in _WARNING.get(lang, _WARNING["en"]):
        m = pattern.search(text)
        if m:
            found.setdefault(concept, []).append(m.group(0))
    return found


def warning_signs(normalized: str, lang: str) -> dict[str, str]:
    """Concept → the first word that named it (see `warning_words`)."""
    return {c: ws[0] for c, ws in warning_words(normalized, lang).items()}
