#language:french
Fonctionnalité: F
