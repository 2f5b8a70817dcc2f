# ruff: noqa: E501 - prose: one paragraph per line, so editors and diffs stay readable
"""The seeded library, written for MindHaven. Plain text: blank lines between paragraphs, '- ' for bullets,
'1. ' for numbered steps. Helplines are text, never fetched; the only addresses are public bodies' home pages.
"""

from __future__ import annotations

ENTRIES: list[dict] = [
    {
        "slug": "understanding-anxiety",
        "title": "Understanding anxiety",
        "kind": "article",
        "topics": ["anxiety", "stress"],
        "summary": "Why anxiety happens, what it does to your body and mind, and the first steps that help.",
        "body": """Anxiety is your body's alarm system. When it senses a threat, it speeds up your heart, sharpens your attention and gets your muscles ready to act. That system kept our ancestors alive, and it still helps when you need to step back from a busy road. The trouble starts when the alarm goes off too often, too loudly, or for things that are not actually dangerous.

Anxiety shows up in the body (a racing heart, a tight chest, a churning stomach, shaky hands), in thoughts ("what if something goes wrong?"), and in what we do, especially avoiding things. Avoiding brings quick relief, which is exactly why it is so tempting. But each time we avoid, the brain learns that the thing really was dangerous, and the alarm gets a little more sensitive.

A few things reliably help:

- Slow your breathing, with a longer out-breath than in-breath. It tells your nervous system that you are safe.
- Name what is happening: "This is anxiety. It is uncomfortable, and it will pass."
- Approach what you fear in small, planned steps instead of avoiding it altogether.
- Look after the basics: sleep, food, movement and less caffeine all turn the volume down.

Anxiety is one of the most treatable difficulties people bring to therapy. Approaches such as cognitive behavioural therapy teach you to notice anxious thinking patterns and to test them gently. If worry is taking up a lot of your day, stopping you doing things that matter, or keeping you awake, talking to a therapist is a good next step. You do not need to wait until it is unbearable.""",
    },
    {
        "slug": "when-low-mood-wont-lift",
        "title": "When low mood won't lift",
        "kind": "article",
        "topics": ["depression"],
        "summary": "Everyone has low days. Here is how to tell when it may be more, and what can help.",
        "body": """Everyone has days when they feel flat, tired or sad. Usually those feelings pass within a few days, often once circumstances change. Depression is different: low mood, or a loss of interest and pleasure in things you used to enjoy, that stays for most of the day, most days, for two weeks or more.

Depression often brings company: poor sleep or sleeping far too much, changes in appetite, low energy, trouble concentrating, feeling worthless or guilty, and moving or thinking more slowly. Some people mainly feel numb rather than sad. Many people also find themselves pulling back from friends and activities, which makes sense when everything feels heavy, but it tends to deepen the low mood.

Things that help, even when they feel pointless at first:

- Do one small thing you used to value, and notice how you feel afterwards rather than before.
- Keep a rough daily rhythm: getting up, meals and bedtime at similar times.
- Move your body a little each day; a ten-minute walk counts.
- Tell one person you trust how you have been feeling.

Depression is not a weakness or a failure of willpower. It is common and it is treatable. Talking therapies such as behavioural activation and cognitive behavioural therapy work well for many people, and some people also benefit from medication prescribed by a doctor.

If you have thoughts of harming yourself or that life is not worth living, please do not wait. Contact a crisis helpline or your local emergency number now, and let your therapist know.""",
    },
    {
        "slug": "wind-down-routine-for-sleep",
        "title": "A wind-down routine for better sleep",
        "kind": "article",
        "topics": ["sleep", "stress"],
        "summary": "Sleep is easier to invite than to force. A gentle routine in the last hour of the day helps.",
        "body": """You cannot make yourself fall asleep; trying hard tends to wake you up. What you can do is set up the conditions that make sleep more likely. A wind-down routine is a short, predictable sequence in the hour before bed that tells your body the day is ending.

Try building yours from these pieces:

1. Pick a regular time to get up, every day, including weekends. This anchors your body clock more than bedtime does.
2. About an hour before bed, dim the lights and put work away. Write tomorrow's to-do list so your mind does not have to hold it.
3. Move screens out of the last half hour if you can. If you do use them, choose something calm rather than news or messages.
4. Do something slow and pleasant: a warm shower, gentle stretching, a few pages of an easy book, quiet music.
5. Go to bed when you feel sleepy, not just tired.

If you lie awake for what feels like more than twenty minutes, get up and do something quiet in dim light until you feel sleepy again, then return to bed. This keeps your bed linked with sleep rather than with frustration.

Keep caffeine to the morning, and notice whether alcohol is affecting your sleep; it can help you drop off but often wakes you in the early hours.

Give a new routine two or three weeks before judging it. If sleep problems carry on for months, or come with low mood or worry, mention them to your therapist or doctor. Insomnia responds well to a specific therapy called CBT-I.""",
    },
    {
        "slug": "stress-what-helps",
        "title": "Stress: what it is and what helps",
        "kind": "article",
        "topics": ["stress", "anxiety"],
        "summary": "Stress is the gap between what is asked of you and what you feel you have. Both sides can change.",
        "body": """Stress is what we feel when the demands on us seem bigger than the resources we have to meet them. A little pressure can be useful: it focuses us before a deadline or an interview. But when demands stay high for a long time, with little rest in between, stress starts to wear us down.

Common signs include irritability, trouble switching off, tense shoulders or jaw, headaches, poor sleep, forgetfulness, and reaching for quick comforts such as snacks, alcohol or endless scrolling. You might notice you are short with people you care about.

Because stress is about the balance between demands and resources, there are two sides to work on.

Lowering demands:

- Write down everything that is on your plate. Seeing it on paper often makes it feel more manageable.
- Decide what can be dropped, delayed, shared or done less perfectly.
- Practise saying "not this week" to new requests.

Building resources:

- Protect small daily breaks, even five minutes away from your desk.
- Move your body; it helps use up stress hormones.
- Spend time with people who leave you feeling lighter.
- Use a quick calming skill, such as box breathing, when pressure peaks.

Stress is not a sign that you are doing life wrong; it is a signal that something needs to shift. If it has gone on for months, or you feel you cannot cope, a therapist can help you sort out what is in your control and what is not.""",
    },
    {
        "slug": "grief-has-no-timetable",
        "title": "Grief has no timetable",
        "kind": "article",
        "topics": ["grief", "depression"],
        "summary": "Grief comes in waves, not stages. Some thoughts on carrying loss and being kind to yourself.",
        "body": """Grief is the price of love. When we lose someone or something that mattered, whether through death, the end of a relationship, a move, or a change in health, it is natural to feel it deeply.

You may have heard that grief moves through neat stages. In real life it is messier. It tends to come in waves: some days feel almost normal, then a song, a smell or an anniversary brings it all back. People feel sadness, but also anger, guilt, relief, numbness or even moments of laughter, sometimes all in one afternoon. None of these means you are grieving wrongly.

Some things people find helpful:

- Let yourself feel it in small doses. It is fine to set grief aside for a while and come back to it.
- Keep some routine, especially eating and sleeping, even if it is simple.
- Talk about the person or what you have lost. Saying their name out loud can be a relief.
- Expect difficult dates and plan something gentle for them.
- Accept practical help; people often want to help and do not know how.

There is no deadline for feeling better, and grief does not mean forgetting. Over time, most people find the loss becomes something they carry, rather than something that carries them.

Sometimes grief gets stuck: months on, it still fills every day, you cannot function, or you feel you do not want to go on. That is a good time to talk with a therapist. And if you have thoughts of ending your life, please contact a crisis helpline now.""",
    },
    {
        "slug": "riding-out-a-panic-attack",
        "title": "Riding out a panic attack",
        "kind": "article",
        "topics": ["panic", "anxiety"],
        "summary": "Panic attacks are frightening but not dangerous. What is happening, and how to get through one.",
        "body": """A panic attack is a sudden rush of intense fear, usually peaking within about ten minutes. Your heart pounds, you may feel short of breath, dizzy, hot or shaky, and you might be convinced something terrible is happening: that you are having a heart attack, going to faint, or losing control.

These sensations are your body's alarm system firing at full strength. They are very unpleasant, but a panic attack by itself is not dangerous and it will pass. If you have never had chest symptoms checked, it is sensible to see a doctor once to rule out other causes; after that, you can treat the attack as what it is.

During an attack:

1. Name it: "This is panic. It feels awful, and it will pass."
2. Slow your breath down, especially the out-breath. Breathe in for four, out for six.
3. Stay where you are if you safely can, rather than running. Leaving teaches your brain that the place was dangerous.
4. Ground yourself in the room: feel your feet on the floor and name things you can see.
5. Let the wave peak and fall. Do not fight the feelings; let them be there.

Afterwards, be kind to yourself. You may feel tired or shaken.

Fear of the next attack often becomes the biggest problem, leading people to avoid places or activities. Therapy for panic is very effective: it helps you understand the cycle, reduce avoidance, and learn that the sensations are safe. If panic is shrinking your life, it is worth reaching out.""",
    },
    {
        "slug": "feeling-lonely",
        "title": "Feeling lonely",
        "kind": "article",
        "topics": ["loneliness", "relationships", "depression"],
        "summary": "Loneliness is about connection, not the number of people around you. Small steps back towards others.",
        "body": """Loneliness is the painful feeling that the connection you have with others is not the connection you need. You can feel lonely in a crowded office or a busy family, and feel content on your own. It is a signal, like hunger, telling us we need something: in this case, closeness.

Loneliness is common, especially after moves, break-ups, bereavement, new parenthood, retirement or a change of job. It can also feed itself. When we feel lonely we may become more alert to rejection, read neutral faces as unfriendly, and hold back, which makes reaching out feel even harder.

Some gentle ways back towards connection:

- Start small. A short message to someone you have lost touch with, a chat with a neighbour, or a thank-you to a shop assistant all count.
- Look for regular, shared activities: a class, a walking group, volunteering, a faith community. Seeing the same people repeatedly is how friendships usually grow.
- Notice the story your mind tells ("they don't want to hear from me") and treat it as a guess, not a fact.
- Make time alone kinder: a walk, music, a hobby you enjoy for its own sake.

Online spaces can help, especially ones built around shared interests, but watch whether scrolling leaves you feeling more or less connected.

Loneliness is nothing to be ashamed of. If it has lasted a long time or comes with low mood, talking with a therapist can help you understand what gets in the way of closeness and practise new steps in a safe place.""",
    },
    {
        "slug": "talking-to-yourself-like-a-friend",
        "title": "Talking to yourself like a friend (self-compassion)",
        "kind": "article",
        "topics": ["self-compassion", "depression", "anxiety"],
        "summary": "Many of us are far harsher with ourselves than with anyone else. Self-compassion is a skill you can learn.",
        "body": """Think about what you said to yourself the last time you made a mistake. Now imagine saying the same words to a good friend. Many of us speak to ourselves in a way we would never speak to someone we care about.

We often believe that being hard on ourselves keeps us motivated. In practice, harsh self-criticism tends to make us more anxious, more afraid of failing and more likely to give up. Self-compassion is not letting yourself off the hook; it is treating yourself with the same warmth and honesty you would offer a friend, so you can learn and try again.

Self-compassion has three parts:

- Noticing: "This is a hard moment." Acknowledge the pain instead of pushing it away.
- Common humanity: "Other people feel this too." Struggling is part of being human, not proof that something is wrong with you.
- Kindness: "What do I need right now?" Offer yourself a kind word or a kind act.

A short practice to try: when you notice self-criticism, pause and put a hand on your chest or another comforting place. Ask, "What would I say to a friend in this situation?" Then say it to yourself, silently or out loud, even if it feels awkward.

It will probably feel strange at first. That is normal; you are building a new habit. Many people find it helps to write a short, kind letter to themselves about something they are struggling with. If your inner critic is very loud, a therapist can help you understand where it comes from and how to soften it.""",
    },
    {
        "slug": "how-therapy-works",
        "title": "How therapy works",
        "kind": "article",
        "topics": ["therapy"],
        "summary": "What talking therapy is, the main approaches, and what makes it work.",
        "body": """Therapy is a regular, confidential conversation with a trained professional, aimed at helping you understand what you are going through and make changes that matter to you. It is a collaboration: your therapist brings knowledge of how people get stuck and unstuck; you bring the expert knowledge of your own life.

There are several well-researched approaches. Cognitive behavioural therapy (CBT) looks at how thoughts, feelings and actions affect each other, and uses practical exercises between sessions. Acceptance and commitment therapy (ACT) helps you make room for difficult feelings while moving towards what you value. Psychodynamic therapy explores patterns from the past that shape the present. Person-centred therapy offers a warm, non-judging space to find your own way forward. Many therapists blend approaches.

Research consistently finds that the relationship between you and your therapist is one of the strongest predictors of whether therapy helps. It is fine to look for someone you feel comfortable with, and to change therapist if the fit is not right.

Some things that help therapy work:

- Being as honest as you can, including about what is not helping.
- Trying the exercises between sessions, even imperfectly.
- Coming regularly; progress builds session by session.
- Telling your therapist what you hope to get out of it.

Therapy is not always comfortable. Talking about painful things can stir feelings up before they settle. That is usually part of the process, but say so if it feels like too much. Many people notice changes within six to twelve sessions, though it varies.

Everything you share is confidential, with narrow exceptions such as a serious risk to your safety or someone else's. Your therapist will explain these limits at the start.""",
    },
    {
        "slug": "what-to-expect-first-session",
        "title": "What to expect in your first session",
        "kind": "article",
        "topics": ["first-session", "therapy"],
        "summary": "Feeling nervous before a first session is normal. Here is what usually happens, and how to prepare.",
        "body": """It is very common to feel nervous before a first therapy session. You might wonder what to say, whether your problems are "serious enough", or what the therapist will think. Therapists meet people in every kind of situation, and there is no wrong reason to come.

A first session is mostly about getting to know each other. Your therapist will usually:

- Explain how sessions work, including confidentiality and its limits.
- Ask what brings you to therapy now, and what you hope will change.
- Ask some background questions about your health, relationships, work and history.
- Check how you are doing with mood and safety, which they ask everyone.
- Talk about a plan: how often to meet and what you might work on.

You do not have to share everything at once. It is fine to say "I'm not ready to talk about that yet."

A few ways to prepare:

1. Find a private, quiet space with a reliable connection for a video session, and have headphones if you can.
2. Jot down a few notes: what has been hard lately, and what you would like to be different.
3. Think of any questions you have, such as how long therapy might last or how your therapist works.

Afterwards, notice how you felt. It is normal to feel tired or a little raw. The first session is also your chance to see whether this therapist feels like a good fit. If it does not, you can choose someone else; that is part of finding the right help, not a failure.""",
    },
    {
        "slug": "box-breathing",
        "title": "Box breathing",
        "kind": "exercise",
        "topics": ["anxiety", "panic", "stress"],
        "summary": "A four-count breathing pattern you can use anywhere to steady yourself in a few minutes.",
        "body": """Box breathing is a simple way to slow down your breathing and calm your body's alarm system. Because it follows an even rhythm, it also gives a busy mind something to hold on to. You can do it sitting, standing or lying down, with your eyes open or closed.

Picture a square. You will trace one side with each step:

1. Breathe in gently through your nose for a count of four.
2. Hold your breath, comfortably, for a count of four.
3. Breathe out slowly through your mouth for a count of four.
4. Hold again, with empty lungs, for a count of four.

That is one round. Repeat for four to six rounds, or for two to five minutes.

Some tips:

- If holding your breath feels uncomfortable, shorten the holds to two, or skip them and simply breathe in for four and out for six.
- Breathe low into your belly rather than high in your chest. Resting a hand on your stomach can help you feel it rise and fall.
- Do not force it. The aim is a slow, smooth rhythm, not a big breath.

It helps to practise when you are already fairly calm, a couple of times a day. Then the skill is ready when you need it, before a difficult conversation, during a wave of anxiety, or when you cannot sleep.

If you feel light-headed, stop and breathe normally for a minute. Some people with certain health conditions should talk to a doctor before doing breath-holding exercises.""",
    },
    {
        "slug": "five-four-three-two-one-grounding",
        "title": "5-4-3-2-1 grounding",
        "kind": "exercise",
        "topics": ["anxiety", "panic", "stress", "crisis"],
        "summary": "Use your five senses to come back to the present moment when feelings run high.",
        "body": """When anxiety, panic or painful memories take hold, our minds often race into the future or the past. Grounding brings your attention back to here and now, using your senses. The 5-4-3-2-1 exercise is easy to remember and you can do it anywhere, without anyone noticing.

Slowly, taking your time with each one, notice:

1. Five things you can see. Look around and name them, silently or aloud: "the blue mug, the window frame, a crack in the ceiling."
2. Four things you can feel. Your feet on the floor, the chair under you, the fabric of your sleeve, the air on your skin.
3. Three things you can hear. Traffic, a fan, your own breathing. Listen for quiet sounds too.
4. Two things you can smell. If nothing comes, move to somewhere with a smell, or recall two smells you like.
5. One thing you can taste. A sip of water, a mint, or simply the taste in your mouth.

Then take one slow breath and notice how you feel now, compared with when you started.

Tips:

- Describe things in detail: colour, shape, texture. The more detail, the more your attention shifts.
- If you lose count or your mind wanders, that is fine. Just start again from wherever you are.
- Pair it with slow breathing for extra effect.

Grounding does not solve the problem behind the feeling, but it can lower the intensity enough for you to think clearly and decide what to do next. If you are in danger or feel unable to keep yourself safe, contact a crisis helpline or your local emergency number.""",
    },
    {
        "slug": "writing-a-thought-record",
        "title": "Writing a thought record",
        "kind": "exercise",
        "topics": ["anxiety", "depression", "self-compassion"],
        "summary": "A step-by-step way to catch an upsetting thought, look at the evidence, and find a fairer view.",
        "body": """Our feelings are shaped not only by what happens, but by how we interpret it. A thought record is a tool from cognitive behavioural therapy for slowing that process down, so you can look at a thought rather than just believing it. You can keep one in a notebook or in MindHaven's Reflect journal.

Next time your mood drops or anxiety rises, write down:

1. The situation. Where were you, who were you with, what was happening? Keep it factual.
2. Your feelings. Name each emotion and rate its strength from 0 to 100.
3. The automatic thought. What went through your mind? Pick the one that upset you most, the "hot thought".
4. Evidence for the thought. What facts support it? Facts, not feelings.
5. Evidence against it. What does not fit? What would a friend say? Have you been in a similar situation that went better?
6. A more balanced thought. Taking both sides into account, what is a fairer way to see it? It does not have to be positive, just more complete.
7. Re-rate your feelings. How strong are they now, from 0 to 100?

Example: a friend does not reply to a message. The hot thought is "she's annoyed with me" (sadness 70). Evidence against: she has a new job and is often busy; last week we had a lovely call. A balanced thought: "She may be busy; I can check in later." Sadness drops to 35.

Do not expect a big shift every time. Even a small change is progress, and the real benefit comes from practice: over weeks, you get quicker at spotting thinking traps and questioning them. Bring your records to therapy if you like; they make great starting points.""",
    },
    {
        "slug": "planning-one-small-good-thing",
        "title": "Planning one small good thing (behavioural activation)",
        "kind": "exercise",
        "topics": ["depression", "loneliness"],
        "summary": "When mood is low, action often has to come before motivation. Plan one small, meaningful thing.",
        "body": """When we feel low, we tend to do less: we cancel plans, drop hobbies and stay in. That is understandable, but it removes the things that usually lift our mood, and the low mood deepens. Behavioural activation reverses the cycle. Instead of waiting to feel motivated, you do something small first, and let your mood follow.

Try this today or tomorrow:

1. Think of activities that give you a sense of pleasure (a warm bath, a favourite song, sitting in the sun) or of achievement (washing up, replying to one email, a short walk). Things that connect you with people or with your values count too.
2. Pick one. Make it small enough that you could do it on a bad day. "Tidy the whole flat" becomes "clear the kitchen table".
3. Decide exactly when and where: "At 11 am on Saturday, I'll walk to the corner shop and back."
4. Do it, whether or not you feel like it. Expect it to feel like effort.
5. Afterwards, rate how much pleasure and how much achievement you felt, each from 0 to 10.

Over a week, plan one or two small things each day. Look back at your ratings: often the activities we dreaded turn out to help more than we expected.

Be kind to yourself if a plan does not happen. Notice what got in the way, make the next step smaller, and try again. This is not about being productive; it is about gently reconnecting with the parts of life that matter to you. If getting started feels impossible, your therapist can help you plan the first steps together.""",
    },
    {
        "slug": "progressive-muscle-relaxation",
        "title": "Progressive muscle relaxation",
        "kind": "exercise",
        "topics": ["stress", "sleep", "anxiety"],
        "summary": "Tense and release each muscle group in turn to let go of tension you may not know you are holding.",
        "body": """Stress and anxiety often live in the body as tight shoulders, a clenched jaw or a knotted stomach. Often we do not even notice the tension until it aches. Progressive muscle relaxation teaches you to tell the difference between tension and relaxation by deliberately tensing and then releasing each group of muscles.

Find a quiet place where you can sit or lie comfortably for about fifteen minutes. For each area below, breathe in and tense the muscles firmly, but not to the point of pain, for about five seconds. Then breathe out and release all at once. Rest for ten to fifteen seconds and notice how the muscles feel as they let go.

1. Hands: make fists.
2. Arms: bend your elbows and tighten your upper arms.
3. Shoulders: lift them up towards your ears.
4. Face: scrunch up your eyes, nose and forehead.
5. Jaw: press your teeth together gently.
6. Chest and back: take a deep breath and hold it while pulling your shoulder blades together.
7. Stomach: pull your belly in tight.
8. Legs: straighten them and point your toes away from you.
9. Feet: curl your toes under.

When you have finished, stay still for a minute and notice how your whole body feels.

Tips: skip or go gently with any area that is injured or painful. If your mind wanders, bring it back to the next muscle group. Practising once a day for a couple of weeks makes it easier to relax quickly. Many people use it in bed to help them fall asleep.""",
    },
    {
        "slug": "crisis-helplines",
        "title": "Crisis helplines",
        "kind": "helpline",
        "topics": ["crisis"],
        "summary": "If you are thinking about harming yourself or feel unable to stay safe, please reach out now.",
        "body": """If you are in immediate danger, or you have harmed yourself, call your local emergency number now. From a mobile phone, 112 works in many countries.

If you are thinking about ending your life, or feel you cannot keep yourself safe, you do not have to face it alone. These services are free and open day and night:

- India: Tele-MANAS, 14416 or 1-800-891-4416. 24 hours, many Indian languages.
- India: KIRAN mental health helpline, 1800-599-0019. 24 hours.
- United States: 988 Suicide and Crisis Lifeline. Call or text 988.
- United Kingdom and Ireland: Samaritans, 116 123.
- Anywhere: your local emergency number, or go to the nearest emergency department.

When you call, you do not need to have the right words. You can simply say, "I'm not feeling safe and I need to talk to someone."

While you wait for help, some things can make the next few minutes easier: move away from anything you could use to hurt yourself, go to where other people are, or stay on the phone with someone you trust.

MindHaven is not an emergency service, and messages to your therapist may not be read straight away. Please use the numbers above in a crisis, and tell your therapist afterwards so you can work on a safety plan together.""",
    },
    {
        "slug": "when-anger-takes-over",
        "title": "When anger takes over",
        "kind": "article",
        "topics": ["anger", "relationships", "stress"],
        "summary": "Anger is a normal emotion. What matters is what you do with it. Ways to notice it early and cool down.",
        "body": """Anger is a normal, healthy emotion. It tells us that something feels unfair, that a boundary has been crossed, or that we are blocked from something we need. Anger can give us the energy to stand up for ourselves. The trouble comes when it arrives too fast, too strongly, or spills into words or actions we later regret.

Anger often sits on top of other feelings: hurt, fear, shame or exhaustion. Being tired, hungry, stressed or in pain makes the fuse shorter for everyone.

Learn your early warning signs. Common ones are a hot face, a clenched jaw or fists, a faster heartbeat, raised voice, and thoughts like "they always do this" or "how dare they". The earlier you notice, the more choice you have.

When you feel it rising:

1. Pause. Say "I need a few minutes" and step away if you can. Agree a time to come back to the conversation.
2. Breathe slowly, with a long out-breath, or walk briskly to burn off some of the energy.
3. Ask yourself what is underneath: what am I hurt or worried about?
4. When you are calmer, say what you need using "I" statements: "I felt ignored when the plans changed without me."

Watch out for things that fuel anger, like alcohol, replaying the event over and over, or venting in ways that keep you wound up.

If anger is harming your relationships, your work, or if you have been violent or frightened people around you, talking to a therapist is a strong, responsible step. If you are being harmed by someone else's anger, your safety comes first; please reach out to local support services.""",
    },
    {
        "slug": "relationships-under-strain",
        "title": "Relationships under strain",
        "kind": "article",
        "topics": ["relationships", "stress", "anger"],
        "summary": "Every close relationship goes through hard patches. How to talk, listen and repair.",
        "body": """All close relationships, with partners, family or friends, go through difficult patches. Stress, money worries, illness, new babies, caring duties and big life changes can stretch any bond. Conflict itself is not a sign that a relationship is failing; how we handle it matters far more.

Some patterns tend to cause damage over time: criticising the other person's character instead of a specific behaviour, contempt (eye-rolling, mockery), getting defensive, and shutting down completely. Most of us fall into these sometimes. The goal is to notice and repair, not to be perfect.

Ideas that help conversations go better:

- Start gently. "I've been feeling lonely in the evenings; can we talk about it?" lands better than "You never pay attention to me."
- Talk about one issue at a time.
- Listen to understand, not to reply. Try summarising what you heard before giving your view.
- Take a break if either of you is flooded with emotion, and agree when you will come back to it.
- Repair afterwards. A simple "I'm sorry I snapped; I was stressed, and that wasn't fair to you" goes a long way.

Notice the good things too. Small, everyday moments of warmth, thanks and interest help relationships cope with harder times.

Therapy can help, either on your own or together. A therapist offers a neutral space to understand patterns and practise new ways of talking.

If you feel afraid of someone close to you, if they control, threaten or hurt you, that is not an ordinary rough patch. Your safety comes first: reach out to a local domestic abuse service or emergency number, and tell your therapist if you can.""",
    },
    {
        "slug": "worry-time",
        "title": "Worry time",
        "kind": "exercise",
        "topics": ["anxiety", "stress", "sleep"],
        "summary": "Give worries a set appointment, so they take up less of the rest of your day.",
        "body": """When worries pop up all day long, it can feel as if they demand attention right now. Worry time is a technique that gently teaches your mind that worries can wait. Instead of trying to stop worrying, which rarely works, you postpone it to a fixed slot.

How to do it:

1. Choose a daily worry time of about fifteen to twenty minutes, at the same time and place each day. Early evening works for many people; avoid the hour before bed.
2. During the day, when a worry appears, notice it and write it down in a few words. Then tell yourself, "I'll think about this at worry time," and bring your attention back to what you were doing.
3. At worry time, look at your list. Some worries will no longer feel important; cross them off.
4. For the ones that remain, ask: "Is this something I can do something about?" If yes, write one small next step. If no, practise letting it go, for example with slow breathing or by noticing the thought without following it.
5. When the time is up, stop, even if you have not finished. Do something pleasant or active to mark the change.

It may feel odd or hard at first, and you will forget to postpone some worries. That is normal. With a couple of weeks' practice, many people find their worries feel less urgent and take up less of the day.

If worry stays constant, or comes with panic, low mood or poor sleep, talk to your therapist. Worry responds well to therapy.""",
    },
    {
        "slug": "sleep-myths",
        "title": "Sleep myths",
        "kind": "article",
        "topics": ["sleep"],
        "summary": "Some common beliefs about sleep make sleep problems worse. A few worth letting go of.",
        "body": """What we believe about sleep can affect how well we sleep. Worrying about not sleeping is one of the biggest causes of lying awake. Here are some common myths, and what is closer to the truth.

Myth: everyone needs exactly eight hours. In fact, adults vary; most need somewhere between seven and nine hours, and some feel fine with a little less. How you feel during the day is a better guide than the clock.

Myth: if I lie in bed longer, I will catch up. Spending lots of time awake in bed often makes sleep lighter and more broken. Keeping a regular getting-up time, even after a bad night, usually helps more than lying in.

Myth: a bad night will ruin tomorrow. It may feel harder, but most people cope with one poor night better than they expect. Telling yourself "I'll manage" takes some pressure off the next night.

Myth: alcohol helps you sleep. It can help you fall asleep, but it disrupts sleep later in the night and often causes early waking.

Myth: waking in the night means something is wrong. Brief wakings are a normal part of sleep. Most of the time we do not remember them. Try not to check the clock; it tends to wind you up.

Myth: you should stay in bed and keep trying. If you have been awake and frustrated for a while, it is usually better to get up, do something quiet in dim light, and go back when sleepy.

If poor sleep has gone on for more than three months, speak to your therapist or doctor about cognitive behavioural therapy for insomnia (CBT-I), which works well.""",
    },
    {
        "slug": "evenings-alone",
        "title": "Evenings alone: a gentle plan",
        "kind": "exercise",
        "topics": ["loneliness", "sleep", "self-compassion"],
        "summary": "Evenings can be the hardest time when you feel alone. Plan a few small anchors for them.",
        "body": """For many people who feel lonely, evenings and weekends are the hardest times. The day's structure falls away, other people seem busy with their own lives, and the quiet can feel heavy. Planning a few anchors for these times can make them easier.

Try writing a short plan for the next three evenings:

1. One connection. A message, call or voice note to someone, even a brief "thinking of you". It can also be a group chat, an online class, or a chat with a neighbour.
2. One comfort. Something that soothes you: cooking a favourite meal, a bath, music, a familiar film, a pet.
3. One small purpose. A little task or project: a page of a puzzle book, planting a seed, tidying one drawer, learning a few words of a language.
4. One kind sentence to yourself before bed. For example: "This is a lonely evening, and I looked after myself through it."

Keep the plan somewhere you will see it. If an evening does not go to plan, that is fine; notice what did help, however small.

It can also help to notice when the lonely feelings are strongest and what your mind says in those moments. Thoughts like "nobody cares" feel true at night, but they are feelings talking, not facts.

If evenings regularly bring very low mood or thoughts of not wanting to be here, please tell your therapist, and use a crisis helpline if you need someone to talk to right away.""",
    },
    {
        "slug": "self-compassion-break",
        "title": "A three-minute self-compassion break",
        "kind": "exercise",
        "topics": ["self-compassion", "stress", "grief"],
        "summary": "A short practice for hard moments: notice, remember you are not alone, and offer yourself kindness.",
        "body": """This short practice is for the moments when you are struggling: after a mistake, a hard conversation, or when difficult feelings come up. It takes about three minutes.

1. Pause and notice. Think of the situation that is bothering you and let yourself feel a little of the discomfort. Then say to yourself: "This is a moment of difficulty," or "This hurts," or simply "Ouch." Use words that sound natural to you.
2. Remember you are not alone. Say: "Difficulty is part of life," or "Other people feel this way too." Everyone makes mistakes, gets hurt and feels overwhelmed at times.
3. Offer yourself kindness. Place a hand on your heart, your cheek, or wherever feels comforting, and feel its warmth. Ask, "What do I need to hear right now?" and offer that to yourself. For example: "May I be patient with myself," or "I'm doing the best I can."

Take a few slow breaths and notice how you feel.

It is normal for this to feel awkward, or even to stir up sadness at first. When we are kind to ourselves, feelings we have been holding can surface. Go gently, and stop if it feels like too much.

With practice, many people find they can recover more quickly from setbacks and feel less alone with their struggles. It pairs well with a thought record or a conversation with your therapist.""",
    },
    {
        "slug": "who-public-mental-health",
        "title": "World Health Organization: mental health",
        "kind": "link",
        "topics": ["therapy", "depression", "anxiety"],
        "summary": "Plain-language facts about common mental health conditions and care, from the World Health Organization.",
        "body": """The World Health Organization publishes short, reliable fact sheets on depression, anxiety, and mental health care around the world. They are a good place to read more if you want background on a condition or what treatment usually involves.

We show the address as text; copy it into your browser if you would like to visit.""",
        "url": "https://www.who.int/health-topics/mental-health",
    },
]
