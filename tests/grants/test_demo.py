"""The demo network's small grants: every demo application carries its call's required documents."""
from app.extensions import db
from app.files.models import Attachment
from app.grants.models import GrantApplication


def test_demo_applications_carry_their_required_documents(cli_app):
    runner = cli_app.test_cli_runner()
    runner.invoke(args=["init-db"])
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    with cli_app.app_context():
        applications = db.session.execute(db.select(GrantApplication)).scalars().all()
        assert len(applications) == 3
        for application in applications:
            assert application.call.documents
            documents = {a.grant_document_id: a for a in application.files}
            assert set(documents) == {d.id for d in application.call.documents}
            for document in application.call.documents:
                attachment = documents[document.id]
                assert attachment.file.data.startswith(b"%PDF-") and attachment.filename.endswith(".pdf")
                assert document.name in attachment.file.text  # the text read from the file
        assert db.session.execute(db.select(db.func.count(Attachment.id)).where(
            Attachment.grant_application_id.is_not(None))).scalar() == 6
