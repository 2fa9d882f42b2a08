"""stembot's custom actions (rasa_sdk), one module per capability. They ask bot.kb and format."""

from actions.about import ActionAbout, ActionInitiativeList, ActionTeachingMaterial  # noqa: F401
from actions.conversation import ActionAffirm, ActionDeny, ActionOtherLanguage, ActionSetRole  # noqa: F401
from actions.fallback import ActionSearchFallback  # noqa: F401
from actions.figures import ActionFigure, ActionFollowUp  # noqa: F401
from actions.handoff import ActionHandoff, ActionLink  # noqa: F401
from actions.heroes import ActionAnother, ActionHero, ActionHeroStudies  # noqa: F401
from actions.safety import ActionSafety  # noqa: F401
from actions.study_choice import (  # noqa: F401
    ActionAskInterests,
    ActionStartStudyChoice,
    ActionStudyAdvice,
    ValidateStudyChoiceForm,
)
from actions.topics import ActionParentHelp, ActionTopic  # noqa: F401
from actions.tracks import ActionTrack, ActionTracks  # noqa: F401
