# language: fr
@étiquette
Fonctionnalité: Utilisateurs
  Contexte:
    Soit l'adresse "$TARGET"

  Scénario: Lister
    Quand l'URL est appelée
    Alors le statut est "200"
    Et le corps est vide
    Mais rien d'autre

  Plan du scénario: Plan
    Etant donné qu'il y a <n> utilisateurs

    Exemples:
      | n |
      | 1 |

  Règle: Une règle
    Exemple: Dans la règle
      * une étoile
