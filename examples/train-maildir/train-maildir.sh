#!/usr/bin/env bash
# Learns what users dropped into their training folders, then moves it on:
#   <Maildir>/.Train.Spam  -> learned as spam, moved to <Maildir>/.Junk
#   <Maildir>/.Train.Ham   -> learned as ham,  moved back to the inbox (<Maildir> itself)
# Only the messages present when a folder is read are learned and moved, so mail dropped in meanwhile waits
# for the next run. Run it from cron, e.g. every 15 minutes:
#   */15 * * * *  root  /usr/local/bin/train-maildir.sh /home/*/Maildir
#
# Usage: train-maildir.sh MAILDIR...
# Environment:
#   SA_LEARN        the learner to run (default: sa-learn)
#   SA_LEARN_ARGS   extra arguments, e.g. "--dbpath /var/lib/spamd/bayes" for a site-wide database;
#                   when unset and run as root, each Maildir's owner gets "-u <owner>"
#   SPAM_FOLDER, HAM_FOLDER   training folders (default .Train.Spam, .Train.Ham)
#   SPAM_DEST, HAM_DEST       where learned mail goes, relative to the Maildir ("" = inbox, "-" = delete);
#                             default ".Junk" and ""
set -u

SA_LEARN=${SA_LEARN:-sa-learn}
SPAM_FOLDER=${SPAM_FOLDER:-.Train.Spam}
HAM_FOLDER=${HAM_FOLDER:-.Train.Ham}
SPAM_DEST=${SPAM_DEST-.Junk}
HAM_DEST=${HAM_DEST-}

status=0

# learn MAILDIR FOLDER CLASS DEST
learn() {
    local maildir=$1 folder="$1/$2" class=$3 dest=$4
    [ -d "$folder" ] || return 0

    local files=() sub f
    for sub in cur new; do
        [ -d "$folder/$sub" ] || continue
        while IFS= read -r -d '' f; do files+=("$f"); done \
            < <(find "$folder/$sub" -maxdepth 1 -type f ! -name '.*' -print0)
    done
    [ ${#files[@]} -gt 0 ] || return 0

    local args=()
    if [ -n "${SA_LEARN_ARGS:-}" ]; then
        read -r -a args <<< "$SA_LEARN_ARGS"
    elif [ "$(id -u)" -eq 0 ]; then
        args=(-u "$(stat -c %U "$maildir")")
    fi

    echo "$maildir: learning ${#files[@]} message(s) from $2 as $class"
    if ! "$SA_LEARN" "${args[@]}" "--$class" -- "${files[@]}"; then
        echo "$maildir: sa-learn failed; messages left in $2" >&2
        return 1
    fi

    for f in "${files[@]}"; do
        if [ "$dest" = "-" ]; then
            rm -f -- "$f"
            continue
        fi
        local target="$maildir${dest:+/$dest}"
        mkdir -p "$target/cur" "$target/new" "$target/tmp"
        # Keep the sub-folder: new/ mail stays unread, cur/ keeps its flags.
        mv -- "$f" "$target/$(basename "$(dirname "$f")")/$(basename "$f")"
    done
}

if [ $# -eq 0 ]; then
    echo "usage: $0 MAILDIR..." >&2
    exit 64
fi

for maildir in "$@"; do
    [ -d "$maildir" ] || { echo "$maildir: not a directory" >&2; status=1; continue; }
    learn "$maildir" "$SPAM_FOLDER" spam "$SPAM_DEST" || status=1
    learn "$maildir" "$HAM_FOLDER" ham "$HAM_DEST" || status=1
done
exit $status
