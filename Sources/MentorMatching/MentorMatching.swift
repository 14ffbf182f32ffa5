public enum MentorMatchingPlaceholder {}
