"""GraphQL mutations for the build farm (graphene)."""
import shlex
import subprocess

import graphene


class TriggerBuild(graphene.Mutation):
    class Arguments:
        branch = graphene.String(required=True)
        target = graphene.String()

    started = graphene.Boolean()

    def mutate(root, info, branch, target="all"):
        subprocess.run(f"make -C /srv/build {target} BRANCH={branch}", shell=True)  # expect: CWE-78
        return TriggerBuild(started=True)


class TriggerSafeBuild(graphene.Mutation):
    class Arguments:
        branch = graphene.String(required=True)

    started = graphene.Boolean()

    def mutate(root, info, branch):
        subprocess.run("make -C /srv/build BRANCH=" + shlex.quote(branch), shell=True)  # safe: CWE-78
        user = info.context.user.username
        subprocess.run(["logger", "build started by", user])  # safe: CWE-78
        return TriggerSafeBuild(started=True)


class Mutations(graphene.ObjectType):
    trigger_build = TriggerBuild.Field()
    trigger_safe_build = TriggerSafeBuild.Field()


class BuildQuery(graphene.ObjectType):
    log = graphene.String(branch=graphene.String(required=True))
    safe_log = graphene.String(branch=graphene.String(required=True))

    def resolve_log(root, info, branch):
        done = subprocess.run(f"git log --oneline {branch}", shell=True, capture_output=True, text=True)  # expect: CWE-78
        return done.stdout

    def resolve_safe_log(root, info, branch):
        done = subprocess.run(["git", "log", "--oneline", "--", branch], capture_output=True, text=True)  # safe: CWE-78
        return done.stdout


schema = graphene.Schema(query=BuildQuery, mutation=Mutations)
