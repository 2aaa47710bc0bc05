"""The bulk of the forum for the generator: threads, their posts and the figures reply() keeps."""
from datetime import timedelta

from sqlalchemy import select

from bench import text


class ForumWriter:
    """Writes planned threads with their posts: one flush for threads, one for posts, one for links."""

    def __init__(self, generator, categories: list):
        self.g, self.r = generator, generator.r
        self.threads = self.posts = 0
        self.usernames = {}

    def write(self, plans: list) -> None:
        from app.extensions import db

        made = []
        for plan in plans:
            made.append((self._thread(plan), plan))
        db.session.add_all(thread for thread, _plan in made)
        db.session.flush()
        posts = []
        for thread, plan in made:
            posts.append(self._posts(thread, plan))
        db.session.add_all(post for thread_posts in posts for post, _parent in thread_posts)
        db.session.flush()
        self._link(made, posts)

    def _thread(self, plan: dict):
        from app.forums.models import Thread

        category, lang = plan["category"], plan.get("lang") or text.language(self.r)
        plan["lang"] = lang
        pool = self.g.group_member_ids if category["group"] else None
        author_id = (self.g.moderator_id if category["moderators_only"]
                     else self.r.choice(pool) if pool else self.g.pick_writer())
        plan["author_id"] = author_id
        title = plan.get("title") or text.thread_title(self.r, category["slug"], lang)
        thread = Thread(category_id=category["id"], working_group_id=category["group"], title=title[:200],
                        author_id=author_id, created_at=plan["start"], updated_at=plan["start"],
                        reply_count=plan["size"] - 1, pinned=category["moderators_only"] and self.r.random() < 0.2)
        orgs = self.g.user_orgs.get(author_id)
        if orgs and self.r.random() < 0.15:
            thread.organisation_id = orgs[0]
        themes = [category["theme"]] if category["theme"] else []
        thread.set_tags("thematic_areas", themes + self.r.sample(text.THEMES, self.r.randint(0, 2)))
        self.threads += 1
        return thread

    def _posts(self, thread, plan: dict) -> list:
        """[(post, parent post or None)] of one thread, in position order."""
        from app.forums.mentions import render_post
        from app.forums.models import Post

        r, size, lang = self.r, plan["size"], plan["lang"]
        pool = self.g.group_member_ids if plan["category"]["group"] else None
        # Replies come over weeks for most threads, over years for the longest ones.
        span = min((self.g.now - plan["start"]).total_seconds(), max(size, 3) * 3 * 3_600)
        gaps = sorted(r.random() * span for _ in range(size - 1))
        made = []
        for position in range(1, size + 1):
            if position == 1:
                author_id, body, parent = plan["author_id"], text.opening_post(r, lang), None
                when = plan["start"]
            else:
                author_id = r.choice(pool) if pool else self.g.pick_writer()
                parent = made[r.randrange(max(0, len(made) - 6), len(made))][0] if r.random() < 0.4 else None
                body = text.reply_post(r, lang if r.random() < 0.85 else "pl")
                if parent is not None and r.random() < 0.25:
                    body = f"> {parent.body.splitlines()[0][:160]}\n\n{body}"
                if parent is not None and r.random() < 0.1:
                    body = f"@{self._username(parent.author_id)} {body}"
                when = plan["start"] + timedelta(seconds=gaps[position - 2])
            if position - 1 in plan["rare"]:
                body = f"{body} {text.RARE_SENTENCE}"
            html = render_post(body)[0]  # what create_thread/reply store: sanitised, mentions linked
            made.append((Post(thread_id=thread.id, position=position, author_id=author_id, body=body,
                              body_html=html, created_at=when), parent))
        self.posts += size
        return made

    def _username(self, user_id: int) -> str:
        from app.auth.models import User
        from app.extensions import db

        if user_id not in self.usernames:
            self.usernames[user_id] = db.session.execute(select(User.username).where(User.id == user_id)).scalar_one()
        return self.usernames[user_id]

    def _link(self, made: list, posts: list) -> None:
        """Reply links, the thread's last-post figures (as reply() sets them), the author following it,
        and the organisation's recent activity (as the forum service touches it)."""
        from app.directory.services import touch_activity
        from app.extensions import db
        from app.forums.models import ThreadSubscription

        for (thread, plan), thread_posts in zip(made, posts):
            for post, parent in thread_posts:
                if parent is not None:
                    post.reply_to_id = parent.id
            last = thread_posts[-1][0]
            thread.last_post_at, thread.last_post_id, thread.last_poster_id = last.created_at, last.id, last.author_id
            thread.updated_at = last.created_at
            db.session.add(ThreadSubscription(user_id=thread.author_id, thread_id=thread.id, created_at=thread.created_at,
                                              updated_at=thread.created_at))
            if thread.organisation_id:
                touch_activity(thread.organisation_id, last.created_at)
        db.session.flush()
