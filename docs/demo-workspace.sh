#!/usr/bin/env bash
# How the workspace shipped in this repository (texts/ and amendments/) was made, with the
# consolidate command itself: the OSCE PA draft resolution of 2008 on combating the sexual
# exploitation of children, and a committee's amendments to it. The sponsors are fictitious.
#
#   bash docs/demo-workspace.sh SEED_FILE [WORKSPACE]
#
# Run it on a fresh workspace (`consolidate init DIR`) to see every step again.
set -euo pipefail
seed=${1:?usage: demo-workspace.sh SEED_FILE [WORKSPACE]}
ws=${2:-.}
c() { consolidate -C "$ws" "$@"; }
T=texts/osce-2008-children
propose() {  # propose CLAUSE SED-EXPRESSION: the clause with one edit applied, on stdout
  sed -e "$2" "$ws/$T/$1.txt"
}

# The import reads the agenda item from the blank form at the end of the seed ("AMENDMENT TO
# SUPPLEMENTARY ITEM"): text.toml gets item = "Supplementary Item", the heading of every form.
c import "$seed" --text osce-2008-children >/dev/null

# Drafted on paragraph 7 as first published...
propose p7 's/legislative drafting assistance/legislative drafting assistance, training for investigators/' |
  c amend --clause p7 --proposed - --tabled 2008-06-27 \
    --sponsor "Mr Tomas NOVAK (Czech Republic)" \
    --justification "Investigators need training as much as tools." >/dev/null
# ...before the secretariat corrected the paragraph's preambular form.
sed -i 's/^Commends POLIS/Commending POLIS/' "$ws/$T/p7.txt"
git -C "$ws" commit -q -m "Correct the preambular form of paragraph 7 (Commends -> Commending)" -- "$T/p7.txt"

propose p10 's/child pornography/child sexual abuse material/' |
  c amend --clause p10 --proposed - --tabled 2008-06-28 \
    --sponsor "Mr Pierre DUPONT (France)" --cosponsor "Ms Anna SCHMIDT (Germany)" \
    --cosponsor "Mr Luc PEETERS (Belgium)" \
    --justification "Children cannot consent: the term 'pornography' trivialises their abuse." >/dev/null
propose p10 's/child pornography/child abuse images/' |
  c amend --clause p10 --proposed - --tabled 2008-06-28 \
    --sponsor "Mrs Maria ROSSI (Italy)" --justification "Clearer wording." >/dev/null
propose p11 's/to ratify the/to ratify and fully implement the/' |
  c amend --clause p11 --proposed - --tabled 2008-06-28 \
    --sponsor "Ms Anna SCHMIDT (Germany)" --cosponsor "Mr Erik LINDQVIST (Sweden)" \
    --justification "Ratification alone does not protect children." >/dev/null
printf '%s' "Urges participating States to criminalize the solicitation of children for sexual purposes through information and communication technologies (grooming);" |
  c amend --insert-after p11 --new-id p11a --proposed - --tabled 2008-06-29 \
    --sponsor "Ms Ewa KOWALSKA (Poland)" --cosponsor "Mr Andrius KAZLAUSKAS (Lithuania)" \
    --justification "Grooming is the first step of online abuse." >/dev/null
c amend --delete p14 --tabled 2008-06-29 --sponsor "Mr John SMITH (United Kingdom)" \
  --justification "A website section is a matter for the Secretariat, not for a resolution." >/dev/null
propose p16 's/credit card companies, banks, //' |
  c amend --clause p16 --proposed - --tabled 2008-06-29 \
    --sponsor "Mr Lars NIELSEN (Denmark)" >/dev/null
propose p16 's/on a national bases/on a national basis/' |
  c amend --clause p16 --proposed - --tabled 2008-06-29 \
    --sponsor "Mrs Marie DUBOIS (Belgium)" --justification "Grammar." >/dev/null
propose p15 's/on-line/online/' |
  c amend --clause p15 --proposed - --tabled 2008-06-30 \
    --sponsor "Ms Olena KOVALENKO (Ukraine)" >/dev/null
propose p12 's/operational centers/operational centres/' |
  c amend --clause p12 --proposed - --tabled 2008-06-30 \
    --sponsor "Mr Ivan PETROV (Bulgaria)" --justification "OSCE spelling." >/dev/null
propose p12 's/operational centers/operational centres/' |
  c amend --clause p12 --proposed - --tabled 2008-06-30 \
    --sponsor "Ms Sinead MURPHY (Ireland)" --justification "OSCE spelling." >/dev/null
propose p13 's/persons convicted of/persons convicted or suspected of/' |
  c amend --clause p13 --proposed - --tabled 2008-06-30 \
    --sponsor "Mr Hans MUELLER (Switzerland)" >/dev/null
propose p13 's/persons convicted of/persons found guilty of/' |
  c amend --clause p13 --proposed - --tabled 2008-06-30 \
    --sponsor "Mrs Ingrid HANSEN (Norway)" --cosponsor "Mr Jan DE VRIES (Netherlands)" >/dev/null
propose p9 's/in all its forms;/in all its forms, online and offline;/' |
  c amend --clause p9 --proposed - --status draft --tabled 2008-06-30 \
    --sponsor "Ms Olena KOVALENKO (Ukraine)" >/dev/null

# The committee votes on 2 July 2008.
c adopt 1 --date 2008-07-02 >/dev/null        # rebased over the correction of paragraph 7
c adopt 2 --date 2008-07-02 >/dev/null        # AM 3 falls: same words
c adopt 4 5 --date 2008-07-02 >/dev/null
c reject 6 --date 2008-07-02 >/dev/null
c withdraw 7 --date 2008-07-02 >/dev/null
c adopt 8 9 --date 2008-07-02 >/dev/null
# AM 10 and AM 11 (identical), AM 12 and AM 13 (colliding) are still to be voted.
