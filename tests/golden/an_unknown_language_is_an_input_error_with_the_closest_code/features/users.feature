# language: french
Fonctionnalité: Utilisateurs

  Scénario: Lister
    Soit address "$TARGET"
